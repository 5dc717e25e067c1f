/**
 * Cloud sync of the hub: desired state down (long-poll, applied in one H2 transaction), reports
 * up (persisted batches resent until acknowledged); see docs/sync-protocol.md.
 */
package dev.backroom.hub.sync;
