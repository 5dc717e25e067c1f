/**
 * Pure diff between the services the hub wants and the tasks it observes, returned as buckets
 * (place, stop, update, lost, keep) with a reason per item for the control loop to apply.
 */
package dev.backroom.hub.reconcile;
