/**
 * Pure diff between the services the hub wants and the tasks it observes, returned as buckets
 * (place, stop, lost, keep) with a reason per item for the control loop to apply; spec changes
 * and drains roll out as place-then-stop over successive passes.
 */
package dev.backroom.hub.core.reconcile;
