package dev.backroom.hub.enrollment;

import static dev.backroom.hub.auth.AuthTesting.anonymous;
import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.jdbc.Jdbc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Verifies that a registration (and a revocation) whose broker account change fails changes
 * nothing: 503 {@code broker_unavailable}, the activation still usable, a replaced device's old
 * credential still working, and the same request succeeding once the broker answers again. The
 * broker is the hub's real Mosquitto, paused with SIGSTOP so its dynamic-security admin gets no
 * answer (a hung or overloaded broker; one that is down fails faster, the same way).
 */
@QuarkusTest
class BrokerOutageEnrollmentTest {
  private static final Set<Integer> REFUSED = Set.of(4, 5);

  @Inject HubConfig config;
  @Inject HubMqtt mqtt;
  @Inject Jdbc jdbc;

  @Test
  void aBrokerThatDoesNotTakeTheAccount_failsRegistration_andNothingIsConsumedOrReplaced()
      throws Exception {
    TestDevices.Enrolled old = TestDevices.enroll("outage-old");
    JsonPath replace = activation("{\"deviceId\":\"outage-old\",\"replace\":true}");
    JsonPath fresh = TestDevices.activation(1, 600);
    ProcessHandle broker = hubBroker();
    Response replaced;
    Response added;
    signal(broker, "STOP");
    try {
      // In parallel: each waits for the admin connection's timeout once
      CompletableFuture<Response> a = CompletableFuture.supplyAsync(
          () -> register(replace, "outage-old"));
      CompletableFuture<Response> b = CompletableFuture.supplyAsync(
          () -> register(fresh, "outage-new"));
      replaced = a.join();
      added = b.join();
    } finally {
      signal(broker, "CONT");
    }
    for (Response r : List.of(replaced, added)) {
      r.then().statusCode(503).contentType("application/json")
          .header("Retry-After", equalTo("5"))
          .body("error", equalTo("broker_unavailable"))
          .body("message", org.hamcrest.Matchers.containsString("nothing was changed"));
    }
    for (JsonPath a : List.of(replace, fresh)) {
      given().get("/api/v1/device-activations").then().statusCode(200)
          .body("find { it.activationId == '" + a.getString("activationId") + "' }.state",
              equalTo("ACTIVE"))
          .body("find { it.activationId == '" + a.getString("activationId") + "' }.uses",
              equalTo(0));
    }
    assertEquals(0, jdbc.query("select device_id from device_credentials where device_id = ?",
        rs -> rs.getString(1), "outage-new").size(), "no credential for the refused new device");
    // The old holder still gets in: nothing on the broker was changed
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> connectAndClose("outage-old", old.password()));
    given().get("/api/v1/events?kind=device-registration-refused&deviceId=outage-old").then()
        .body("reason", hasItem("broker_unavailable"));
    given().get("/api/v1/events?kind=device-replaced&deviceId=outage-old").then()
        .body("size()", equalTo(0));

    // The broker answers again: the same activations now work
    String newPassword = register(replace, "outage-old").then().statusCode(201).extract()
        .path("password");
    assertTrue(connectAndClose("outage-old", newPassword));
    MqttException e = assertThrows(MqttException.class,
        () -> connectAndClose("outage-old", old.password()));
    assertTrue(REFUSED.contains(e.getReasonCode()), "CONNACK refusal expected, got " + e);
    String added2 = register(fresh, "outage-new").then().statusCode(201).extract()
        .path("password");
    assertTrue(connectAndClose("outage-new", added2));
  }

  @Test
  void aBrokerThatDoesNotDeleteTheAccounts_failsRevocation_andTheDeviceIsNotRevoked()
      throws Exception {
    TestDevices.Enrolled d = TestDevices.enroll("outage-revoke");
    ProcessHandle broker = hubBroker();
    Response r;
    signal(broker, "STOP");
    try {
      r = given().contentType("application/json").body("{\"reason\":\"stolen\"}")
          .post("/api/v1/devices/outage-revoke/revoke");
    } finally {
      signal(broker, "CONT");
    }
    r.then().statusCode(503).header("Retry-After", equalTo("5"))
        .body("error", equalTo("broker_unavailable"));
    assertEquals(List.of(false), jdbc.query("select revoked_at is not null from"
        + " device_credentials where device_id = ?", rs -> rs.getBoolean(1), "outage-revoke"));
    given().get("/api/v1/events?kind=device-revoked&deviceId=outage-revoke").then()
        .body("size()", equalTo(0));
    // Retried with the broker back: revoked, on the broker too
    await().atMost(Duration.ofSeconds(20)).until(() -> given().contentType("application/json")
        .body("{\"reason\":\"stolen\"}").post("/api/v1/devices/outage-revoke/revoke")
        .statusCode() == 200);
    MqttException e = assertThrows(MqttException.class,
        () -> connectAndClose("outage-revoke", d.password()));
    assertTrue(REFUSED.contains(e.getReasonCode()), "CONNACK refusal expected, got " + e);
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

  /** The hub's own Mosquitto: the child process started with this hub's configuration file. */
  private ProcessHandle hubBroker() {
    Path conf = Path.of(config.dataDir(), "mosquitto", "mosquitto.conf").toAbsolutePath()
        .normalize();
    List<ProcessHandle> found = ProcessHandle.current().children().filter(p -> p.info()
        .arguments().map(args -> List.of(args).stream().anyMatch(
            arg -> Path.of(arg).toAbsolutePath().normalize().equals(conf))).orElse(false))
        .toList();
    assertEquals(1, found.size(), "exactly one Mosquitto child with " + conf + ": " + found);
    return found.get(0);
  }

  private static void signal(ProcessHandle p, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
        .inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal + " " + p.pid());
  }
}
