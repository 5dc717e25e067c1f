/** Pure diff of desired against observed containers: buckets with reasons, no I/O, no clock. */
package dev.backroom.agent.reconcile;
