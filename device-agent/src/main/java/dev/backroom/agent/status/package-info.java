/** Pure translation of a reconcile pass into the ECS-worded status report the hub reads. */
package dev.backroom.agent.status;
