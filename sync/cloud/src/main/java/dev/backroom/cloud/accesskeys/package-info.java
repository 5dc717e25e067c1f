/**
 * The cloud's access keys for its Amazon ECS endpoint: pipeline keys with a role, issued and
 * managed by the operator (admin token) over REST, their secrets sealed at rest. The pure parts
 * (ids, sealing, rules, status) are the hub's, shared through {@code dev.backroom.ecs.keys}.
 */
package dev.backroom.cloud.accesskeys;
