/**
 * The Amazon ECS JSON 1.1 protocol at {@code POST /ecs}: SigV4 with the cloud's access keys,
 * every store and every store group a cluster, writes made desired objects (docs/ecs-api.md,
 * "The cloud"). The wire layer is the hub's, shared through the ecs-api module.
 */
package dev.backroom.cloud.ecs;
