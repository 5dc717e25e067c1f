/**
 * Rolling deployments as pure decisions: a rollout's progress, its circuit breaker, and whether
 * a task counts as healthy. Each pass's plan takes its rollout steps from them.
 */
package dev.backroom.hub.core.deploy;
