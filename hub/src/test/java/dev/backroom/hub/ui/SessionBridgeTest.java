package dev.backroom.hub.ui;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.LogFrame;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser-to-device bridge on the hub's real Mosquitto: a JDK WebSocket plays the browser,
 * a scripted MQTT client plays the device. Verifies that commands reach the task's device,
 * frames reach the right browser in order with gaps announced, closes travel both ways, and
 * junk from either side is dropped and counted.
 */
@QuarkusTest
class SessionBridgeTest {
  @Inject HubMqtt mqtt;
  @Inject MeterRegistry meters;
  @Inject SessionBridge bridge;
  @TestHTTPResource("/") URL base;

  private ScriptedDevice device;
  private String task;

  @BeforeEach
  void device() {
    String id = "ui-" + System.nanoTime() % 100000;
    device = new ScriptedDevice(mqtt.brokerUri(), id);
    task = device.runOneTask("svc-" + id);
  }

  @AfterEach
  void close() {
    given().delete("/api/v1/services/svc-" + device.id);
    device.close();
  }

  @Test
  void logTail_framesReachTheBrowser_gapsAreAnnounced_andCloseReachesTheDevice() throws Exception {
    try (BrowserSocket browser = new BrowserSocket(ws("/ui/ws/tasks/" + task + "/logs"))) {
      DeviceCommand start = device.awaitCommand(DeviceCommand.LOG_START);
      assertEquals(task, start.taskId());
      assertEquals(SessionBridge.TAIL_LINES, start.rows());

      device.frame(start.sessionId(), 1, LogFrame.LINE, "hello from the container",
          "2026-03-01T10:00:00.5Z");
      browser.awaitReceived("{\"k\":\"line\",\"d\":\"hello from the container\","
          + "\"t\":\"2026-03-01T10:00:00.500Z\",\"w\":true}");
      device.frame(start.sessionId(), 4, LogFrame.LINE, "after a gap");
      browser.awaitReceived("after a gap");
      // A device that does not time its lines: the hub's receipt time, marked as such.
      assertTrue(browser.received.stream().anyMatch(m -> m.contains("after a gap")
          && m.contains("\"w\":false")), browser.received.toString());
      assertTrue(browser.received.contains("{\"k\":\"gap\",\"d\":\"2\"}"), browser.received.toString());

      // Pings keep the device's side alive while the browser stays.
      device.awaitCommand(DeviceCommand.PING);
      assertEquals(start.sessionId(), device.awaitCommand(DeviceCommand.PING).sessionId());

      browser.close();
      DeviceCommand close = device.awaitCommand(DeviceCommand.CLOSE);
      assertEquals(start.sessionId(), close.sessionId());
      await().atMost(Duration.ofSeconds(5)).until(() -> bridge.openSessions() == 0);
    }
  }

  @Test
  void reconnectedLogTail_skipsTheLinesTheBrowserHas_andSaysWhenItDoesNotJoinUp() throws Exception {
    String t0 = "2026-03-01T10:00:00Z";
    try (BrowserSocket browser = new BrowserSocket(ws("/ui/ws/tasks/" + task
        + "/logs?after=2026-03-01T10:00:01Z&same=1"))) {
      DeviceCommand start = device.awaitCommand(DeviceCommand.LOG_START);
      device.frame(start.sessionId(), 1, LogFrame.LINE, "had-0", t0);
      device.frame(start.sessionId(), 2, LogFrame.LINE, "had-1", "2026-03-01T10:00:01Z");
      device.frame(start.sessionId(), 3, LogFrame.LINE, "new-2", "2026-03-01T10:00:02Z");
      browser.awaitReceived("new-2");
      assertEquals(1, browser.received.size(), "only the new line: " + browser.received);
    }
    device.commands.clear();
    try (BrowserSocket browser = new BrowserSocket(ws("/ui/ws/tasks/" + task
        + "/logs?after=2026-03-01T09:00:00Z&same=1"))) {
      DeviceCommand start = device.awaitCommand(DeviceCommand.LOG_START);
      device.frame(start.sessionId(), 1, LogFrame.LINE, "later", t0);
      browser.awaitReceived("later");
      java.time.Instant now = java.time.Instant.now();
      assertTrue(browser.received.get(0).startsWith("{\"k\":\"note\",\"d\":\"lines written "
          + "between " + UiFormat.clock(java.time.Instant.parse("2026-03-01T09:00:00Z"), now)
          + " and " + UiFormat.clock(java.time.Instant.parse(t0), now) + " may be missing"),
          browser.received.toString());
    }
  }

  @Test
  void terminal_inputAndResizeReachTheDevice_junkIsCounted_andADeviceEndClosesTheBrowser()
      throws Exception {
    double junkBefore = uiDropped("bad_message") + uiDropped("not_json");
    try (BrowserSocket browser = new BrowserSocket(ws("/ui/ws/tasks/" + task + "/exec?cols=100&rows=30"))) {
      DeviceCommand start = device.awaitCommand(DeviceCommand.EXEC_START);
      assertEquals(100, start.cols());
      assertEquals(30, start.rows());

      browser.send("{\"t\":\"in\",\"d\":\"echo hi\\r\"}");
      DeviceCommand in = device.awaitCommand(DeviceCommand.EXEC_INPUT);
      assertEquals("echo hi\r", new String(Base64.getDecoder().decode(in.data()), StandardCharsets.UTF_8));
      browser.send("{\"t\":\"resize\",\"c\":120,\"r\":40}");
      DeviceCommand resize = device.awaitCommand(DeviceCommand.EXEC_RESIZE);
      assertEquals(120, resize.cols());
      assertEquals(40, resize.rows());

      browser.send("not json at all");
      browser.send("{\"t\":\"rm\"}");
      await().atMost(Duration.ofSeconds(5)).until(() ->
          uiDropped("bad_message") + uiDropped("not_json") >= junkBefore + 2);

      String out = Base64.getEncoder().encodeToString("hi\r\n".getBytes(StandardCharsets.UTF_8));
      device.frame(start.sessionId(), 1, LogFrame.OUTPUT, out);
      browser.awaitReceived("{\"k\":\"out\",\"d\":\"" + out + "\"}");

      device.frame(start.sessionId(), 2, LogFrame.END, "shell exited");
      browser.awaitReceived("{\"k\":\"end\",\"d\":\"shell exited\"}");
      browser.awaitClosed();
      assertEquals(0, bridge.openSessions());
    }
  }

  @Test
  void junkOnTheLogsTopic_andFramesOfUnknownSessions_areDroppedAndCounted() throws Exception {
    double malformed = mqttDropped();
    double unknown = uiDropped("unknown_session");
    device.raw("{\"v\":1,\"type\":\"logs\",\"deviceId\":\"" + device.id
        + "\",\"ts\":1,\"body\":{\"deviceId\":\"" + device.id + "\",\"sessionId\":\"s\",\"seq\":1,\"kind\":\"video\"}}");
    device.raw("]]");
    device.frame("nobody-asked", 1, LogFrame.LINE, "stray");

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertEquals(malformed + 2, mqttDropped(), 0.001);
      assertEquals(unknown + 1, uiDropped("unknown_session"), 0.001);
    });
  }

  @Test
  void sessionOnAnUnknownTask_isRefusedWithAReason() throws Exception {
    try (BrowserSocket browser = new BrowserSocket(ws("/ui/ws/tasks/no-such-task/logs"))) {
      browser.awaitReceived("{\"k\":\"end\",\"d\":\"no task no-such-task\"}");
      browser.awaitClosed();
    }
  }

  @Test
  void terminalOpenedFromAnotherSitesPage_isRefused_andNoShellStarts() throws Exception {
    java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.ExecutionException.class,
        () -> new BrowserSocket(ws("/ui/ws/tasks/" + task + "/exec"), "http://evil.example"));
    assertEquals(403, ((java.net.http.WebSocketHandshakeException) refused.getCause())
        .getResponse().statusCode());
    try (BrowserSocket same = new BrowserSocket(ws("/ui/ws/tasks/" + task + "/logs"),
        "http://" + base.getHost() + ":" + base.getPort())) {
      device.awaitCommand(DeviceCommand.LOG_START);
    }
    assertTrue(device.commands.stream().noneMatch(c -> c.action().equals(DeviceCommand.EXEC_START)));
  }

  /**
   * Verifies that a terminal leaves two audit rows: who opened it on which task, container and
   * device, and when it ended with how long it lasted; and that the device is told the container.
   */
  @Test
  void terminal_isAudited_withWhoWhichContainerAndHowLong() throws Exception {
    String operator = dev.backroom.hub.auth.AuthTesting.tokenFor("ui-exec-op", "operator");
    await().atMost(Duration.ofSeconds(10)).until(() -> tasksReported());
    try (BrowserSocket browser = new BrowserSocket(ws("/ui/ws/tasks/" + task + "/exec"), null,
        operator)) {
      DeviceCommand start = device.awaitCommand(DeviceCommand.EXEC_START);
      assertEquals("main", start.containerName(), "the device execs into the audited container");
      browser.close();
      device.awaitCommand(DeviceCommand.CLOSE);
    }
    String admin = dev.backroom.hub.auth.AuthTesting.tokenFor("ui-exec-auditor", "admin");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        dev.backroom.hub.auth.AuthTesting.as(admin).get("/api/v1/audit?actor=ui-exec-op").then()
            .statusCode(200)
            .body("method", org.hamcrest.Matchers.hasItems("EXEC", "EXEC-END"))
            .body("find { it.method == 'EXEC' }.path",
                org.hamcrest.Matchers.equalTo("/ui/ws/tasks/" + task + "/exec"))
            .body("find { it.method == 'EXEC' }.target", org.hamcrest.Matchers.allOf(
                org.hamcrest.Matchers.containsString("task " + task),
                org.hamcrest.Matchers.containsString("container main (" + ("c-" + task).substring(0, 12) + ")"),
                org.hamcrest.Matchers.containsString("on " + device.id)))
            .body("find { it.method == 'EXEC' }.status", org.hamcrest.Matchers.equalTo(101))
            .body("find { it.method == 'EXEC' }.role", org.hamcrest.Matchers.equalTo("operator"))
            .body("find { it.method == 'EXEC' }.remoteAddress",
                org.hamcrest.Matchers.equalTo("127.0.0.1"))
            .body("find { it.method == 'EXEC-END' }.target", org.hamcrest.Matchers.allOf(
                org.hamcrest.Matchers.containsString("container main"),
                org.hamcrest.Matchers.matchesPattern(".*lasted \\d+ s; browser closed.*"))));
  }

  private boolean tasksReported() {
    return given().get("/api/v1/tasks/" + task).then().extract().path("containers[0].state") != null;
  }

  @Test
  void restart_sendsTheDeviceARestartCommand_andRecordsWhoAsked() {
    // The actor is the authenticated operator, whatever the request claims.
    dev.backroom.hub.auth.AuthTesting.as(dev.backroom.hub.auth.AuthTesting.tokenFor("ui-tech", "operator"))
        .contentType("application/json").header("X-Backroom-Actor", "someone-else")
        .body("{\"reason\":\"frozen\"}").post("/api/v1/tasks/" + task + "/restart")
        .then().statusCode(202);

    assertEquals(task, device.awaitCommand(DeviceCommand.RESTART).taskId());
    given().get("/api/v1/events?taskId=" + task + "&kind=task-restart-requested").then()
        .statusCode(200).body("[0].actor", org.hamcrest.Matchers.equalTo("ui-tech"))
        .body("[0].reason", org.hamcrest.Matchers.equalTo("frozen"));
  }

  @Test
  void stop_takesTheTaskOut_andItsServicePlacesAReplacement() {
    given().contentType("application/json").body("{}").post("/api/v1/tasks/" + task + "/stop")
        .then().statusCode(200).body("desiredStatus", org.hamcrest.Matchers.equalTo("STOPPED"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
        .get("/api/v1/tasks?serviceName=svc-" + device.id).then()
        .body("size()", org.hamcrest.Matchers.equalTo(1))
        .body("[0].taskId", org.hamcrest.Matchers.not(task)));
  }

  @Test
  void taskAndDevicePages_showTheRunningTaskAndItsContainer() {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/tasks/" + task)
        .then().statusCode(200).body(org.hamcrest.Matchers.containsString("pill running"))
        .body(org.hamcrest.Matchers.containsString("c-" + task)));
    given().get("/devices").then().statusCode(200)
        .body(org.hamcrest.Matchers.containsString("href=\"/tasks/" + task + "\""));
  }

  @Test
  void localScale_isALocalOverrideEvent() {
    String svc = "svc-" + device.id;
    given().contentType("application/json").body("{\"desiredCount\":0}")
        .post("/api/v1/services/" + svc + "/scale").then().statusCode(200)
        .body("desiredCount", org.hamcrest.Matchers.equalTo(0));
    given().get("/api/v1/events?serviceName=" + svc + "&kind=local-override").then()
        .body("[0].origin", org.hamcrest.Matchers.equalTo("local"))
        .body("[0].message", org.hamcrest.Matchers.containsString("desiredCount 1 -> 0"));
    given().contentType("application/json").body("{\"desiredCount\":-1}")
        .post("/api/v1/services/" + svc + "/scale").then().statusCode(400);
  }

  private URI ws(String path) {
    return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
  }

  private double uiDropped(String reason) {
    var c = meters.find("backroom.ui.dropped").tag("reason", reason).counter();
    return c == null ? 0 : c.count();
  }

  private double mqttDropped() {
    return meters.find("backroom.mqtt.dropped").tag("kind", "logs").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }
}
