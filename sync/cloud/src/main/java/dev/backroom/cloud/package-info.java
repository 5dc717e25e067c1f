/** Backroom cloud: the multi-store sync endpoint (docs/sync-protocol.md). */
package dev.backroom.cloud;
