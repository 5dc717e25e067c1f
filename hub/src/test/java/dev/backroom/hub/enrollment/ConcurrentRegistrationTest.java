package dev.backroom.hub.enrollment;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.devices.DeviceCredential;
import dev.backroom.hub.devices.DeviceCredentialStore;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.jdbc.Jdbc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Verifies that registrations of one device id racing each other end as if they had taken
 * turns: for a new id one enrols and the other is 409 {@code device_exists} (never a 500 from
 * the duplicate key), and of two replacements the broker and H2 end with the same credential.
 * Real API, H2 and the hub's Mosquitto.
 */
@QuarkusTest
class ConcurrentRegistrationTest {
  private static final int ROUNDS = 5;

  @Inject Jdbc jdbc;
  @Inject DeviceCredentialStore store;
  @Inject HubMqtt mqtt;

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void twoActivationsForOneNewId_oneEnrols_theOtherIs409_never500() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String id = "race-new-" + round;
      List<Response> answers = race(TestDevices.activation(1, 600),
          TestDevices.activation(1, 600), id);
      answers.sort(Comparator.comparingInt(Response::statusCode));
      assertEquals(List.of(201, 409), answers.stream().map(Response::statusCode).toList(),
          "round " + round + ": " + answers.get(1).asString());
      assertEquals("device_exists", answers.get(1).jsonPath().getString("error"));
      assertTrue(connectAndClose(id, answers.get(0).jsonPath().getString("password")));
    }
  }

  @Test
  void twoReplaceActivationsRacing_leaveTheBrokerAndTheStoreWithTheSameCredential()
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      String id = "race-swap-" + round;
      TestDevices.enroll(id);
      String json = "{\"deviceId\":\"" + id + "\",\"replace\":true}";
      List<Response> answers = race(activation(json), activation(json), id);
      List<String> passwords = new ArrayList<>();
      for (Response r : answers) {
        assertEquals(201, r.statusCode(), "round " + round + ": " + r.asString());
        passwords.add(r.jsonPath().getString("password"));
      }
      String stored = jdbc.queryOne("select secret_hash from device_credentials"
          + " where device_id = ?", rs -> rs.getString(1), id).orElseThrow();
      List<String> inStore = passwords.stream().filter(p -> SecretHash.verify(p, stored)).toList();
      assertEquals(1, inStore.size(), "round " + round + ": the store holds one of the two");
      String other = passwords.get(passwords.indexOf(inStore.get(0)) == 0 ? 1 : 0);
      assertTrue(connectAndClose(id, inStore.get(0)),
          "round " + round + ": the broker takes the credential the store holds");
      MqttException e = assertThrows(MqttException.class, () -> connectAndClose(id, other));
      assertTrue(e.getReasonCode() == 4 || e.getReasonCode() == 5,
          "round " + round + ": CONNACK refusal expected for the other, got " + e);
    }
  }

  /** Two transactions inserting one new id while the first is uncommitted: the second is refused. */
  @Test
  void aConcurrentInsertOfTheSameNewId_isAlreadyEnrolled() throws Exception {
    CountDownLatch inserted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = pool.submit(() -> jdbc.inTransaction(() -> {
      store.put(credential("pk-race-1", "first"));
      inserted.countDown();
      await(release);
      return null;
    }));
    await(inserted);
    AtomicReference<Thread> secondThread = new AtomicReference<>();
    Future<?> second = pool.submit(() -> {
      secondThread.set(Thread.currentThread());
      return jdbc.inTransaction(() -> {
        store.put(credential("pk-race-1", "second"));
        return null;
      });
    });
    // The first is released only once the second's insert runs into its uncommitted row: H2 2.4
    // retries such an insert (RUNNABLE, inside its Insert command) until the first commits or
    // its lock timeout (about 2 s) passes.
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> second.isDone() || insertingInH2(secondThread.get()));
    release.countDown();
    first.get();
    ExecutionException e = assertThrows(ExecutionException.class, second::get);
    assertInstanceOf(DeviceCredentialStore.AlreadyEnrolled.class, e.getCause());
    try {
      assertEquals("first", store.find("pk-race-1").orElseThrow().secretHash());
    } finally {
      jdbc.update("delete from device_credentials where device_id = ?", "pk-race-1");
    }
  }

  private static boolean insertingInH2(Thread t) {
    if (t == null) {
      return false;
    }
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().equals("org.h2.command.dml.Insert")) {
        return true;
      }
    }
    return false;
  }

  private static DeviceCredential credential(String id, String hash) {
    return new DeviceCredential(id, hash, hash, "dact-test", Instant.now(), null, null, null);
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Both registrations, released together. */
  private List<Response> race(JsonPath a, JsonPath b, String deviceId) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<Response>> fs = new ArrayList<>();
    for (JsonPath act : List.of(a, b)) {
      fs.add(pool.submit(() -> {
        start.await();
        return register(act, deviceId);
      }));
    }
    List<Response> out = new ArrayList<>();
    for (Future<Response> f : fs) {
      out.add(f.get());
    }
    return out;
  }

  private static JsonPath activation(String json) {
    return given().contentType("application/json").body(json)
        .post("/api/v1/device-activations").then().statusCode(201).extract().jsonPath();
  }

  private static Response register(JsonPath a, String deviceId) {
    return anonymous().contentType("application/json").body("{\"activationId\":\""
            + a.getString("activationId") + "\",\"activationCode\":\""
            + a.getString("activationCode") + "\",\"deviceId\":\"" + deviceId + "\"}")
        .post("/api/v1/device-registrations");
  }

  private boolean connectAndClose(String deviceId, String password) throws MqttException {
    MqttClient c = new MqttClient(mqtt.brokerUri(), "agent-" + deviceId, new MemoryPersistence());
    c.setTimeToWait(2_000);
    MqttConnectOptions o = new MqttConnectOptions();
    o.setConnectionTimeout(5);
    o.setUserName("device:" + deviceId);
    o.setPassword(password.toCharArray());
    try {
      c.connect(o);
      boolean connected = c.isConnected();
      c.disconnectForcibly(500, 500);
      return connected;
    } finally {
      c.close(true);
    }
  }
}
