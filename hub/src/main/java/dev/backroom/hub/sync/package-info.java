/**
 * Cloud sync of the hub: desired state down (long-poll, applied in one H2 transaction), reports
 * up (persisted batches resent until acknowledged); see docs/sync-protocol.md. What an answer
 * changes, what the hub writes for it and which events may be reported are decided in
 * {@code dev.backroom.hub.core.sync}; this package does the I/O.
 */
package dev.backroom.hub.sync;
