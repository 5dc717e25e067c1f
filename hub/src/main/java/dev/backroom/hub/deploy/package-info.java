/**
 * The deployments table. What a rollout's progress is, and when it completes or fails, is
 * decided in hub-core ({@code dev.backroom.hub.core.deploy}).
 */
package dev.backroom.hub.deploy;
