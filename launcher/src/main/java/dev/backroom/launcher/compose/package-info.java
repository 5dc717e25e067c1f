/**
 * {@code ./backroom compose up|convert|down}: reads a Compose file with its env files next to
 * it, converts it locally (the {@code compose} module) and sends it to a hub's
 * {@code /api/v1/compose}.
 */
package dev.backroom.launcher.compose;
