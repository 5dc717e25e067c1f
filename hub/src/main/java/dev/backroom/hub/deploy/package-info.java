/** Rolling deployments: tracking a service's rollout, its circuit breaker and automatic rollback. */
package dev.backroom.hub.deploy;
