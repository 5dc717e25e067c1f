/**
 * Store groups: named label selectors (e.g. {@code eu-mini} for {@code region=eu,format=mini}),
 * each an ECS cluster on the cloud's {@code /ecs} beside the one cluster per store.
 */
package dev.backroom.cloud.groups;
