/**
 * Exponential backoff, the one copy: the device agent's container restarts, the hub's sync
 * loops and its telemetry upload (with the sync protocol's values, {@code SyncClient.RETRY}).
 */
package dev.backroom.retry;
