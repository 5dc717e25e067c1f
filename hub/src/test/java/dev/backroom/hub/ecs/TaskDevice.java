package dev.backroom.hub.ecs;

import static org.awaitility.Awaitility.await;

import dev.backroom.hub.enrollment.TestDevices;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.Heartbeat;
import dev.backroom.mqtt.message.NetworkBinding;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A device speaking the wire protocol over the hub's real broker, enrolled with its own
 * credentials: it runs every task assigned to it (one running container "main", started at a
 * fixed time, port 8080 on 18080) until told that a task's container exited, and reports its
 * whole state every 500 ms, which also keeps it available (the test profile loses a device
 * after 3 s). A task taken out of its assignment is no longer reported: the device "stopped" it.
 */
final class TaskDevice implements AutoCloseable {
  static final String STARTED_AT = "2026-01-02T03:04:05.678Z";
  static final String FINISHED_AT = "2026-01-02T03:05:00Z";

  final String id;
  private final MessageCodec codec = new MessageCodec();
  private final AtomicReference<Assignment> assignment = new AtomicReference<>();
  private final Map<String, Integer> exited = new ConcurrentHashMap<>();
  private final PahoMqttTransport transport;
  private final ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor();
  private final AtomicLong seq = new AtomicLong();

  TaskDevice(String brokerUri, String id) {
    this.id = id;
    this.transport = new PahoMqttTransport(TestDevices.enroll(id).options(brokerUri));
    transport.subscribe(Topics.assignment(id), 1, m -> {
      if (codec.decode(m.payload(), Topics.ASSIGNMENT, id, Assignment.class)
          instanceof Decoded.Ok<Assignment> ok) {
        assignment.set(ok.body());
        report();
      }
    });
    transport.start();
    await().atMost(Duration.ofSeconds(30)).until(transport::isConnected);
    Capabilities caps = new Capabilities(id, "amd64", "linux", 4, 2048, 0,
        Map.of("ecstask", id, "ecs.cpu-architecture", "x86_64", "ecs.os-type", "linux"), "test");
    transport.publish(Topics.capabilities(id), codec.encode(Topics.CAPABILITIES, id, 1, caps), 1,
        true);
    reports.scheduleAtFixedRate(this::beat, 0, 500, TimeUnit.MILLISECONDS);
  }

  /** The placement constraint that lands a task here. */
  String constraint() {
    return "attribute:ecstask == " + id;
  }

  /** From now on the task's container has exited with {@code code}, for good. */
  void exit(String taskId, int code) {
    exited.put(taskId, code);
    report();
  }

  /** Ids of the tasks assigned here now. */
  List<String> assigned() {
    Assignment a = assignment.get();
    return a == null ? List.of() : a.tasks().stream().map(AssignedTask::taskId).toList();
  }

  private void beat() {
    try {
      transport.publish(Topics.heartbeat(id), codec.encode(Topics.HEARTBEAT, id, 1,
          new Heartbeat(id, seq.incrementAndGet(), 0, 0)), 0, false);
      report();
    } catch (RuntimeException e) {
      // the next beat tries again; a test that needs the report waits for its effect
    }
  }

  private synchronized void report() {
    Assignment a = assignment.get();
    if (a == null) {
      return;
    }
    List<TaskStatus> ts = a.tasks().stream().map(this::status).toList();
    transport.publish(Topics.status(id), codec.encode(Topics.STATUS, id, 2,
        new StatusReport(id, a.generation(), ts)), 1, false);
  }

  private TaskStatus status(AssignedTask t) {
    Integer code = exited.get(t.taskId());
    List<NetworkBinding> ports = List.of(new NetworkBinding("0.0.0.0", 8080, 18080, "tcp"));
    if (code == null) {
      return new TaskStatus(t.taskId(), t.serviceName(), t.specHash(), TaskStatus.RUNNING,
          "UNKNOWN", List.of(new ContainerStatus("main", "c-" + t.taskId(), "running", null,
              "UNKNOWN", 0, null, ports, STARTED_AT, null, null, null)));
    }
    return new TaskStatus(t.taskId(), t.serviceName(), t.specHash(), TaskStatus.STOPPED,
        "UNKNOWN", List.of(new ContainerStatus("main", "c-" + t.taskId(), "exited", code,
            "UNKNOWN", 0, "exited " + code, List.of(), STARTED_AT, FINISHED_AT, null, null)),
        "Essential container in task exited");
  }

  @Override
  public void close() {
    reports.shutdownNow();
    transport.close();
  }
}
