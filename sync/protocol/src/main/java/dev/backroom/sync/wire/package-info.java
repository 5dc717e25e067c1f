/** The JSON bodies of the sync protocol (docs/sync-protocol.md), shared by hub and cloud. */
package dev.backroom.sync.wire;
