/**
 * Rolling deployments as pure decisions: a rollout's progress, its circuit breaker, and whether
 * a task counts as healthy. The hub's DeploymentSupervisor applies them.
 */
package dev.backroom.hub.core.deploy;
