package dev.backroom.hub.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.Topics;
import org.junit.jupiter.api.Test;

/** The embedded broker's publish hook must see what the device subscriptions would have seen. */
class HubMqttTopicTest {
  @Test
  void takesCapabilitiesHeartbeatAndStatusFromEveryDevice() {
    assertTrue(HubMqtt.isInterceptedDeviceTopic(Topics.capabilities("d1")));
    assertTrue(HubMqtt.isInterceptedDeviceTopic(Topics.heartbeat("d1")));
    assertTrue(HubMqtt.isInterceptedDeviceTopic(Topics.status("d-2")));
  }

  @Test
  void leavesLifecycleToTheSubscriptionAndIgnoresEverythingElse() {
    assertTrue(HubMqtt.isInterceptedDeviceTopic(Topics.lifecycle("d1")));
    assertFalse(HubMqtt.isInterceptedDeviceTopic(Topics.assignment("d1")));
    assertFalse(HubMqtt.isInterceptedDeviceTopic(Topics.commands("d1")));
    assertFalse(HubMqtt.isInterceptedDeviceTopic(Topics.telemetry("status")));
    assertFalse(HubMqtt.isInterceptedDeviceTopic("backroom/v1/devices/d1/x/status"));
    assertFalse(HubMqtt.isInterceptedDeviceTopic("other/v1/devices/d1/status"));
  }
}
