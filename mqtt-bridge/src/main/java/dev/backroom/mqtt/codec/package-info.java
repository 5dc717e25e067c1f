/** Envelopes and the codec that turns malformed or oversized payloads into reasons, never crashes. */
package dev.backroom.mqtt.codec;
