/**
 * Compose files on the hub: {@code /api/v1/compose} converts a file with the {@code compose}
 * module and applies its task definitions and services as one transaction, remembering which
 * services each project owns so a second up updates them and {@code down} removes them.
 */
package dev.backroom.hub.compose;
