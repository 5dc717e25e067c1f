package dev.backroom.hub.ui;

import static dev.backroom.hub.auth.AuthTesting.given;
import static org.awaitility.Awaitility.await;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.LogFrame;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A device speaking the wire protocol over the hub's real broker, enrolled with its own
 * credentials (so the broker's ACL applies to what it sends): registers, reports its
 * assigned tasks running, records the commands it gets and sends log frames on demand.
 */
final class ScriptedDevice implements AutoCloseable {
  final String id;
  final List<DeviceCommand> commands = new CopyOnWriteArrayList<>();
  private final MessageCodec codec = new MessageCodec();
  private final AtomicReference<Assignment> assignment = new AtomicReference<>();
  private final PahoMqttTransport transport;
  /** Heartbeats keep the device available: the test profile's timeout is 3 s. */
  private final java.util.concurrent.ScheduledExecutorService beats =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

  ScriptedDevice(String brokerUri, String id) {
    this.id = id;
    this.transport = new PahoMqttTransport(TestDevices.enroll(id).options(brokerUri));
    transport.subscribe(Topics.assignment(id), 1, m -> {
      if (codec.decode(m.payload(), Topics.ASSIGNMENT, id, Assignment.class)
          instanceof Decoded.Ok<Assignment> ok) {
        assignment.set(ok.body());
        report(ok.body());
      }
    });
    transport.subscribe(Topics.commands(id), 1, m -> {
      if (codec.decode(m.payload(), Topics.COMMANDS, id, DeviceCommand.class)
          instanceof Decoded.Ok<DeviceCommand> ok) {
        commands.add(ok.body());
      }
    });
    transport.start();
    await().atMost(Duration.ofSeconds(30)).until(transport::isConnected);
    Capabilities caps = new Capabilities(id, "amd64", "linux", 4, 4096, 0, Map.of("ui", id), "test");
    transport.publish(Topics.capabilities(id), codec.encode(Topics.CAPABILITIES, id, 1, caps), 1, true);
    java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
    beats.scheduleAtFixedRate(() -> transport.publish(Topics.heartbeat(id), codec.encode(
        Topics.HEARTBEAT, id, 1, new Heartbeat(id, seq.incrementAndGet(), 0, 0)), 0, false),
        0, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Registers a one-task service pinned here and waits for its task; returns the task id. */
  String runOneTask(String service) {
    given().contentType("application/json").body("""
        {"family":"%s","containerDefinitions":[{"name":"main","image":"backroom/busybox:1","memory":16}]}"""
        .formatted(service)).post("/api/v1/task-definitions").then().statusCode(201);
    given().contentType("application/json").body("""
        {"serviceName":"%s","taskDefinition":"%s","desiredCount":1,
         "placementConstraints":[{"type":"memberOf","expression":"attribute:ui == %s"}]}"""
        .formatted(service, service, id)).post("/api/v1/services").then().statusCode(201);
    await().atMost(Duration.ofSeconds(30)).until(() -> assignment.get() != null
        && !assignment.get().tasks().isEmpty());
    return assignment.get().tasks().get(0).taskId();
  }

  private void report(Assignment a) {
    List<TaskStatus> ts = a.tasks().stream().map(t -> new TaskStatus(t.taskId(), t.serviceName(),
        t.specHash(), TaskStatus.RUNNING, "UNKNOWN", List.of(new ContainerStatus("main",
            "c-" + t.taskId(), "running", null, "UNKNOWN", 0, null)))).toList();
    transport.publish(Topics.status(id), codec.encode(Topics.STATUS, id, 2,
        new StatusReport(id, a.generation(), ts)), 1, false);
  }

  void frame(String session, long seq, String kind, String data) {
    frame(session, seq, kind, data, null);
  }

  /** A frame with the time the container wrote the line ({@code at}, ISO-8601, or null). */
  void frame(String session, long seq, String kind, String data, String at) {
    transport.publish(Topics.logs(id), codec.encode(Topics.LOGS, id, 3,
        new LogFrame(id, session, seq, kind, data, at)), 0, false);
  }

  void raw(String payload) {
    transport.publish(Topics.logs(id), payload.getBytes(StandardCharsets.UTF_8), 0, false);
  }

  DeviceCommand awaitCommand(String action) {
    await().atMost(Duration.ofSeconds(10)).until(() -> commands.stream()
        .anyMatch(c -> c.action().equals(action)));
    return commands.stream().filter(c -> c.action().equals(action)).reduce((a, b) -> b).orElseThrow();
  }

  @Override
  public void close() {
    beats.shutdownNow();
    transport.close();
  }
}
