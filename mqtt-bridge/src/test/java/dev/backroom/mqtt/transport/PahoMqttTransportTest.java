package dev.backroom.mqtt.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PahoMqttTransportTest {

  record Case(String filter, String topic, boolean matches) {
    @Override
    public String toString() {
      return filter + (matches ? " matches " : " does not match ") + topic;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("backroom/v1/devices/+/status", "backroom/v1/devices/pi-1/status", true),
        new Case("backroom/v1/devices/+/status", "backroom/v1/devices/pi-1/heartbeat", false),
        new Case("backroom/v1/devices/+/status", "backroom/v1/devices/pi-1/status/x", false),
        new Case("backroom/v1/devices/+/status", "backroom/v1/devices/status", false),
        new Case("backroom/v1/devices/pi-1/assignment", "backroom/v1/devices/pi-1/assignment", true),
        new Case("backroom/v1/devices/pi-1/assignment", "backroom/v1/devices/pi-2/assignment", false),
        new Case("backroom/#", "backroom/v1/telemetry/pos", true),
        new Case("backroom/#", "backroom", true),
        new Case("#", "anything/at/all", true),
        new Case("+", "a", true),
        new Case("+", "a/b", false),
        new Case("+/+", "a/", true),
        new Case("a/b", "a/b/", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches_followsMqttFilterRules(Case c) {
    assertEquals(c.matches(), PahoMqttTransport.matches(c.filter(), c.topic()));
  }

  @Test
  void publishBeforeStart_returnsFalseWithoutBlocking() {
    try (PahoMqttTransport t = new PahoMqttTransport(MqttOptions.of("tcp://127.0.0.1:1", "idle"))) {
      assertFalse(t.publish("a/b", new byte[] {1}, 1, false));
      assertFalse(t.isConnected());
    }
  }
}
