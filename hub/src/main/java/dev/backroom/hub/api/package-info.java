/** The hub's REST API under /api/v1, in ECS vocabulary; invalid input gets 400 with field paths. */
package dev.backroom.hub.api;
