/**
 * Telemetry store-and-forward: the hub's own MQTT listener for workload telemetry, a durable H2
 * outbox with one group-committing writer, and the uploader that forwards it to the cloud.
 */
package dev.backroom.hub.telemetry;
