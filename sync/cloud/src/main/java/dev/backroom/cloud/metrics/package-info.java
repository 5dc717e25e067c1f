/** Request counts and latency per sync endpoint. */
package dev.backroom.cloud.metrics;
