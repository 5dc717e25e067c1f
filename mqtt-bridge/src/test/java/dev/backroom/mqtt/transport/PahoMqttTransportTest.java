package dev.backroom.mqtt.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class PahoMqttTransportTest {

  @Test
  void publishBeforeStart_returnsFalseWithoutBlocking() {
    try (PahoMqttTransport t = new PahoMqttTransport(MqttOptions.of("tcp://127.0.0.1:1", "idle"))) {
      assertFalse(t.publish("a/b", new byte[] {1}, 1, false));
      assertFalse(t.isConnected());
    }
  }
}
