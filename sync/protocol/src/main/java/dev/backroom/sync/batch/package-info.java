/** Upstream batches: sequence rules, validation, telemetry payload encoding and gzip bodies. */
package dev.backroom.sync.batch;
