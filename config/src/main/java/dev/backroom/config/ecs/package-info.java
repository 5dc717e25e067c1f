/** Which fields of an ECS task definition Backroom honours, accepts without effect, or refuses. */
package dev.backroom.config.ecs;
