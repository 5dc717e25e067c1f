/** Per-caller request rate for the ECS endpoints (ThrottlingException over it). Plain Java. */
package dev.backroom.ecs.throttle;
