/** Standalone tasks (ECS RunTask): read the request, place its tasks once, never replace them. */
package dev.backroom.hub.standalone;
