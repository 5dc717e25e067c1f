package dev.backroom.hub.telemetry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Verifies that the Vert.x on the class path still lets the listener write a group's PUBACKs
 * with one flush: without it the listener falls back to a flush (a TLS record and a socket
 * write) per message, which is correct but was about a third of the CPU of TLS ingest.
 */
class PubAcksTest {
  @Test
  void vertxMqttEndpointSocketIsReachable() {
    assertTrue(PubAcks.available(), "MqttEndpointImpl.conn is no longer a NetSocketInternal");
  }
}
