package dev.backroom.agent.remote;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.backroom.agent.loop.MutableClock;
import dev.backroom.agent.runtime.docker.ContainerLabels;
import dev.backroom.agent.runtime.docker.DockerClients;
import dev.backroom.agent.runtime.docker.DockerContainerConsole;
import dev.backroom.agent.runtime.docker.DockerContainerRuntime;
import dev.backroom.agent.runtime.docker.GpuAttachment;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.message.LogFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Log tails, shells and idle expiry against a real container on the real Docker engine, with
 * the MQTT side replaced by a list of published frames.
 */
class RemoteSessionsIT {
  private static final String IMAGE = "backroom/busybox:1";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final String device = "remote-" + UUID.randomUUID().toString().substring(0, 6);
  private final List<LogFrame> frames = new CopyOnWriteArrayList<>();
  private final List<String> restarts = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
  private DockerClient docker;
  private DockerContainerRuntime runtime;
  private RemoteSessions sessions;

  @BeforeEach
  void start() {
    docker = DockerClients.create(DockerClients.defaultHost(), Duration.ofSeconds(10));
    try {
      docker.pingCmd().exec();
      docker.inspectImageCmd(IMAGE).exec();
    } catch (RuntimeException e) {
      fail("these tests need the Docker engine with image " + IMAGE + ": " + e);
    }
    String id = docker.createContainerCmd(IMAGE)
        .withName(device + "-t1")
        .withLabels(Map.of(ContainerLabels.MANAGED, "true", ContainerLabels.DEVICE_ID, device,
            ContainerLabels.TASK_ID, "t1", ContainerLabels.CONTAINER, "main",
            ContainerLabels.SPEC_HASH, "x"))
        .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
        .withCmd("sh", "-c", "i=0; while true; do echo tick-$i; i=$((i+1)); sleep 0.2; done")
        .exec().getId();
    docker.startContainerCmd(id).exec();
    runtime = new DockerContainerRuntime(device, DockerClients.defaultHost(), GpuAttachment.named("none"));
    sessions = new RemoteSessions(device, runtime,
        new DockerContainerConsole(DockerClients.defaultHost()), restarts::add,
        f -> frames.add(f), clock);
  }

  @AfterEach
  void stop() {
    sessions.close();
    runtime.close();
    for (Container c : docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(ContainerLabels.DEVICE_ID, device)).exec()) {
      docker.removeContainerCmd(c.getId()).withForce(true).exec();
    }
  }

  @Test
  void logTail_streamsLinesPrintedAfterTheStart_untilClosed() {
    sessions.accept(command(DeviceCommand.LOG_START, "s1", 2, null));

    await().atMost(WAIT).until(() -> lines("s1").size() >= 6);
    List<String> lines = lines("s1");
    int first = Integer.parseInt(lines.get(0).substring(5));
    int last = Integer.parseInt(lines.get(lines.size() - 1).substring(5));
    assertTrue(last >= first + 5, "the tail keeps following: " + lines);
    assertEquals(List.of(), frames.stream().filter(f -> f.seq() < 1).toList());
    // Each line says when the container wrote it (the engine's timestamp, not the prefix text).
    java.time.Instant now = java.time.Instant.now();
    for (LogFrame f : frames.stream().filter(f -> f.kind().equals(LogFrame.LINE)).toList()) {
      assertTrue(f.atInstant() != null && f.atInstant().isAfter(now.minusSeconds(120))
          && !f.atInstant().isAfter(now), "line time " + f.at() + " of " + f.data());
    }

    sessions.accept(command(DeviceCommand.CLOSE, "s1", null, null));
    await().atMost(WAIT).until(() -> ended("s1"));
    assertEquals(0, sessions.openSessions());
  }

  @Test
  void shell_runsWhatIsTyped_withATty() {
    sessions.accept(command(DeviceCommand.EXEC_START, "x1", 24, null));
    sessions.accept(command(DeviceCommand.EXEC_INPUT, "x1", null,
        Base64.getEncoder().encodeToString("echo backroom-$((6*7))\n".getBytes(StandardCharsets.UTF_8))));

    await().atMost(WAIT).until(() -> output("x1").contains("backroom-42"));
    // With a TTY the shell echoes the typed line too: the expression and its value both show.
    assertTrue(output("x1").contains("$((6*7))"), output("x1"));

    sessions.accept(command(DeviceCommand.CLOSE, "x1", null, null));
    await().atMost(WAIT).until(() -> ended("x1"));
  }

  @Test
  void unpingedSession_isEndedAsIdle() {
    sessions.accept(command(DeviceCommand.LOG_START, "s2", 1, null));
    await().atMost(WAIT).until(() -> !lines("s2").isEmpty());

    clock.advance(RemoteSessions.IDLE.plusSeconds(1));
    sessions.sweep();

    await().atMost(WAIT).until(() -> ended("s2"));
    assertTrue(endReason("s2").startsWith("idle"), endReason("s2"));
    assertEquals(0, sessions.openSessions());
  }

  @Test
  void sessionForATaskNotRunningHere_endsAtOnceWithAReason() {
    sessions.accept(new DeviceCommand(device, DeviceCommand.LOG_START, "s3", "nope", null, null,
        null, 10));

    await().atMost(WAIT).until(() -> ended("s3"));
    assertTrue(endReason("s3").contains("no running container"), endReason("s3"));
  }

  @Test
  void restart_isHandedToTheLoop() {
    sessions.accept(DeviceCommand.of(device, DeviceCommand.RESTART, null, "t1"));

    await().atMost(WAIT).until(() -> restarts.equals(List.of("t1")));
  }

  private DeviceCommand command(String action, String session, Integer rows, String data) {
    return new DeviceCommand(device, action, session, "t1", null, data, 80, rows);
  }

  private List<String> lines(String session) {
    return frames.stream().filter(f -> f.sessionId().equals(session) && f.kind().equals(LogFrame.LINE))
        .map(LogFrame::data).toList();
  }

  private String output(String session) {
    return frames.stream().filter(f -> f.sessionId().equals(session) && f.kind().equals(LogFrame.OUTPUT))
        .map(f -> new String(Base64.getDecoder().decode(f.data()), StandardCharsets.UTF_8))
        .collect(Collectors.joining());
  }

  private boolean ended(String session) {
    return frames.stream().anyMatch(f -> f.sessionId().equals(session) && f.kind().equals(LogFrame.END));
  }

  private String endReason(String session) {
    return frames.stream().filter(f -> f.sessionId().equals(session) && f.kind().equals(LogFrame.END))
        .findFirst().map(LogFrame::data).orElse("");
  }
}
