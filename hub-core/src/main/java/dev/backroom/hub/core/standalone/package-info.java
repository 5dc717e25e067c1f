/**
 * Standalone tasks (ECS RunTask), pure: reading and validating the request, applying overrides
 * into one placement request per task, and naming why the scheduler could not place them.
 */
package dev.backroom.hub.core.standalone;
