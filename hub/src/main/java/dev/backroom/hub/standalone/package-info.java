/**
 * Standalone tasks (ECS RunTask) on the core thread: read, plan and place them once, never
 * replace them. Reading and planning are pure, in {@code dev.backroom.hub.core.standalone}.
 */
package dev.backroom.hub.standalone;
