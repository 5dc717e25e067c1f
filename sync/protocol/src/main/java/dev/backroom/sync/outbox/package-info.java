/** The telemetry outbox's bound: which messages expire or are given up when it is full. */
package dev.backroom.sync.outbox;
