package dev.backroom.hub.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.store.StorageHealth;
import dev.backroom.jdbc.Jdbc.StoreException;
import dev.backroom.sync.outbox.StreamPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The telemetry listener's CONNACK, as a real Paho client sees it, when the credential check
 * answers, refuses or fails. Verifies that a check that cannot reach the database gets a refusal
 * (server unavailable, return code 3) at once, where it used to get no CONNACK at all, and that
 * the check never runs on the event loop.
 */
class TelemetryConnectRefusalTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<Boolean> checkedOnEventLoop = new CopyOnWriteArrayList<>();
  private TelemetryListener listener;

  @AfterEach
  void stop() throws Exception {
    if (listener != null) {
      listener.stop();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int listen(TelemetryAuth auth) throws Exception {
    OutboxLedger ledger = new OutboxLedger();
    // Never started: a connect is decided before anything reaches the outbox.
    OutboxWriter writer = new OutboxWriter(null, Clock.systemUTC(), StreamPolicy.Table.DEFAULTS,
        1 << 20, 16, ledger, new TelemetryMetrics(new SimpleMeterRegistry(), ledger), 100, 100,
        new StorageHealth(Clock.systemUTC()));
    TelemetryAuth recording = (clientId, a) -> {
      checkedOnEventLoop.add(Context.isOnEventLoopThread());
      return auth.accept(clientId, a);
    };
    listener = new TelemetryListener(vertx, "127.0.0.1", 0, 1024, recording, writer,
        new TelemetryMetrics(new SimpleMeterRegistry(), ledger));
    return listener.start();
  }

  /** Connects as a workload would; returns the client (connected) or throws Paho's refusal. */
  private static MqttClient connect(int port) throws MqttException {
    return connect(port, "w-refusal");
  }

  private static MqttClient connect(int port, String clientId) throws MqttException {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, clientId,
        new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName("workload:d1");
    o.setPassword("secret".toCharArray());
    o.setConnectionTimeout(5);
    // Only 3.1.1: by default Paho tries 3.1 after a refused 3.1.1 connect.
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    client.connect(o);
    return client;
  }

  @Test
  void credentialCheckFailing_isRefusedAsServerUnavailable_notLeftWithoutConnack() throws Exception {
    int port = listen((clientId, auth) -> {
      throw new StoreException(new SQLException("The database has been closed", "90098", 90098));
    });
    long t0 = System.nanoTime();
    MqttException e = assertThrows(MqttException.class, () -> connect(port));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(MqttException.REASON_CODE_BROKER_UNAVAILABLE, e.getReasonCode(),
        "CONNACK return code: " + e);
    assertTrue(ms < 4_000, "the refusal came after " + ms + " ms, as a timeout would");
    assertEquals(List.of(false), checkedOnEventLoop, "checked on the event loop");
  }

  @Test
  void wrongCredentials_areRefusedAsNotAuthorized() throws Exception {
    int port = listen((clientId, auth) -> false);
    MqttException e = assertThrows(MqttException.class, () -> connect(port));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, e.getReasonCode(), e.toString());
  }

  @Test
  void goodCredentials_connect_checkedOffTheEventLoop() throws Exception {
    int port = listen((clientId, auth) -> true);
    MqttClient client = connect(port);
    try {
      assertTrue(client.isConnected());
    } finally {
      client.disconnect();
      client.close();
    }
    assertEquals(1, checkedOnEventLoop.size());
    assertFalse(checkedOnEventLoop.get(0), "checked on the event loop");
  }

  /** MQTT 3.1.1 servers may accept more than 23 bytes; Mosquitto does, so the listener does. */
  @Test
  void clientIdLongerThan23Bytes_connects() throws Exception {
    int port = listen((clientId, auth) -> true);
    MqttClient client = connect(port, "soak-telemetry-1faaf2-10-" + "x".repeat(40));
    try {
      assertTrue(client.isConnected());
    } finally {
      client.disconnect();
      client.close();
    }
  }
}
