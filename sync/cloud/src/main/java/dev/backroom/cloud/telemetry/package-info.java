/** Upstream telemetry: gzip batches stored once per (store, stream, seq), with drop counters. */
package dev.backroom.cloud.telemetry;
