/**
 * One control-loop pass as a pure function: {@link dev.backroom.hub.core.plan.PassPlanner#plan}
 * turns desired state, observed state, deployments, time and a seed into the complete plan
 * (stops, lost, placements, finished drains, rollout steps) that the hub's apply step writes in
 * one transaction.
 */
package dev.backroom.hub.core.plan;
