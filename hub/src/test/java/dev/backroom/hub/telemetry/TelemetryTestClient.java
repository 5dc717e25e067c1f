package dev.backroom.hub.telemetry;

import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.jdbc.Jdbc;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A workload's MQTT client against the hub's telemetry listener, plus outbox queries. */
final class TelemetryTestClient implements AutoCloseable {
  record StoredRow(long id, String stream, long seq, String payload) {}

  final MqttClient client;

  private static TestDevices.Enrolled workloads;

  /** Connects with the workload credential of a device enrolled once for all telemetry tests. */
  TelemetryTestClient(int port, String clientId) throws MqttException {
    this(port, clientId, workloadCredential());
  }

  static synchronized TestDevices.Enrolled workloadCredential() {
    if (workloads == null) {
      workloads = TestDevices.enroll("telemetry-tests");
    }
    return workloads;
  }

  /** @param as null for an anonymous client */
  TelemetryTestClient(int port, String clientId, TestDevices.Enrolled as) throws MqttException {
    client = new MqttClient("tcp://127.0.0.1:" + port, clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    if (as != null) {
      o.setUserName(as.workloadUsername());
      o.setPassword(as.workloadPassword().toCharArray());
    }
    o.setCleanSession(true);
    o.setMaxInflight(1000);
    o.setConnectionTimeout(10);
    client.connect(o);
  }

  /** Returns once the PUBACK arrived (QoS 1) or the message was written out (QoS 0). */
  void publish(String stream, String payload, int qos) throws MqttException {
    client.publish("backroom/v1/telemetry/" + stream, payload.getBytes(), qos, false);
  }

  static List<StoredRow> rows(Jdbc jdbc, String stream) {
    // The outbox proper: rows of cut batches wait below the watermark for their delete.
    return jdbc.query("select id, stream, seq, payload from telemetry_outbox where stream = ?"
        + " and id > (select cut_through from telemetry_upload where id = 1) order by id", rs -> new StoredRow(rs.getLong(1), rs.getString(2), rs.getLong(3),
            new String(rs.getBytes(4))), stream);
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect();
    }
    client.close();
  }
}
