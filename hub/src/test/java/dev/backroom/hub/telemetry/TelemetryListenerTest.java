package dev.backroom.hub.telemetry;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.jdbc.Jdbc;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** The telemetry listener against real H2 and a real Paho client publishing QoS 1. */
@QuarkusTest
class TelemetryListenerTest {
  @Inject TelemetryService telemetry;
  @Inject Jdbc jdbc;
  @Inject MeterRegistry meters;

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Verifies that a PUBACK means committed: the row is readable the moment publish returns. */
  @Test
  void qos1Publish_isInTheOutboxWhenItsPubackArrives() throws Exception {
    String stream = unique("acked");
    try (TelemetryTestClient c = new TelemetryTestClient(telemetry.listenerPort(), unique("w"))) {
      for (int i = 1; i <= 30; i++) {
        c.publish(stream, "m" + i, 1);
        List<TelemetryTestClient.StoredRow> rows = TelemetryTestClient.rows(jdbc, stream);
        assertEquals(i, rows.size(), "rows after PUBACK of message " + i);
        assertEquals("m" + i, rows.get(i - 1).payload());
        assertEquals(i, rows.get(i - 1).seq());
      }
    }
  }

  @Test
  void anonymousAndDeviceCredentialsAreRefused() {
    org.junit.jupiter.api.Assertions.assertThrows(org.eclipse.paho.client.mqttv3.MqttException.class,
        () -> new TelemetryTestClient(telemetry.listenerPort(), unique("anon"), null).close());
  }

  @Test
  void burstFromTwoStreams_isStoredInOrder_withGaplessSeqPerStream() throws Exception {
    String a = unique("burst-a");
    String b = unique("burst-b");
    int n = 3000;
    MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + telemetry.listenerPort(),
        unique("burst"), new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMaxInflight(2 * n);
    o.setUserName(TelemetryTestClient.workloadCredential().workloadUsername());
    o.setPassword(TelemetryTestClient.workloadCredential().workloadPassword().toCharArray());
    client.connect(o).waitForCompletion(10_000);
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String stream = i % 3 == 0 ? b : a;
      tokens.add(client.publish("backroom/v1/telemetry/" + stream,
          new MqttMessage(("n" + i).getBytes())));
    }
    for (IMqttDeliveryToken t : tokens) {
      t.waitForCompletion(30_000);
    }
    client.disconnect().waitForCompletion(5_000);
    client.close();

    List<TelemetryTestClient.StoredRow> rowsA = TelemetryTestClient.rows(jdbc, a);
    List<TelemetryTestClient.StoredRow> rowsB = TelemetryTestClient.rows(jdbc, b);
    assertEquals(n / 3, rowsB.size());
    assertEquals(n - n / 3, rowsA.size());
    assertEquals(LongStream.rangeClosed(1, rowsA.size()).boxed().toList(),
        rowsA.stream().map(TelemetryTestClient.StoredRow::seq).toList());
    assertEquals(LongStream.rangeClosed(1, rowsB.size()).boxed().toList(),
        rowsB.stream().map(TelemetryTestClient.StoredRow::seq).toList());
    // Arrival order survives: payload numbers ascend within each stream.
    assertEquals("n3", rowsB.get(0).payload());
    assertEquals("n" + n, rowsB.get(rowsB.size() - 1).payload());
    assertEquals("n1", rowsA.get(0).payload());
    given().get("/api/v1/telemetry").then().statusCode(200)
        .body("streams.find { it.stream == '" + b + "' }.nextSeq", equalTo(n / 3 + 1))
        .body("streams.find { it.stream == '" + b + "' }.queuedMessages", equalTo(n / 3));
  }

  @Test
  void wrongTopicOversizeAndQos2_areDroppedAndCounted_andTheConnectionKeepsWorking()
      throws Exception {
    String stream = unique("after-junk");
    double badTopic = rejected("bad_topic");
    double oversize = rejected("oversize");
    double qos2 = rejected("qos2");
    try (TelemetryTestClient c = new TelemetryTestClient(telemetry.listenerPort(), unique("j"))) {
      c.client.publish("backroom/v1/devices/d1/status", "x".getBytes(), 1, false);
      c.client.publish("backroom/v1/telemetry/a/b", "x".getBytes(), 1, false);
      c.client.publish("backroom/v1/telemetry/" + stream, new byte[300 * 1024], 1, false);
      c.client.publish("backroom/v1/telemetry/" + stream, "two".getBytes(), 2, false);
      c.publish(stream, "still here", 1);
      assertTrue(c.client.isConnected());
    }
    assertEquals(badTopic + 2, rejected("bad_topic"));
    assertEquals(oversize + 1, rejected("oversize"));
    assertEquals(qos2 + 1, rejected("qos2"));
    List<TelemetryTestClient.StoredRow> rows = TelemetryTestClient.rows(jdbc, stream);
    assertEquals(List.of("still here"), rows.stream().map(TelemetryTestClient.StoredRow::payload)
        .toList());
    assertEquals(1, rows.get(0).seq());
  }

  @Test
  void qos0Publish_isStoredAndCountedAsIngested() throws Exception {
    String stream = unique("qos0");
    try (TelemetryTestClient c = new TelemetryTestClient(telemetry.listenerPort(), unique("z"))) {
      c.publish(stream, "fire and forget", 0);
      c.publish(stream, "marker", 1); // acknowledged after the QoS 0 one, which came first
    }
    assertEquals(2, TelemetryTestClient.rows(jdbc, stream).size());
    assertEquals(2.0, meters.counter("backroom_telemetry_ingested", "stream", stream).count());
  }

  private double rejected(String reason) {
    return meters.counter(TelemetryMetrics.REJECTED, "reason", reason).count();
  }
}
