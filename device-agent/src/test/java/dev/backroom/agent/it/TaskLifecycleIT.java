package dev.backroom.agent.it;

import static dev.backroom.agent.it.DockerSupport.IMAGE;
import static dev.backroom.agent.it.DockerSupport.containersOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import com.github.dockerjava.api.model.Event;
import dev.backroom.agent.loop.AgentLoop;
import dev.backroom.agent.reconcile.Fixtures;
import dev.backroom.agent.runtime.docker.ContainerLabels;
import dev.backroom.agent.runtime.docker.DockerClients;
import dev.backroom.agent.runtime.docker.DockerContainerRuntime;
import dev.backroom.agent.runtime.docker.GpuAttachment;
import dev.backroom.agent.state.AssignmentStore;
import dev.backroom.agent.state.RestartBookStore;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.NetworkBinding;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-container task through the real runtime, reconciler and applier on the real Docker
 * Engine (no broker: the loop's status goes to a list). db has a health check, migrate waits
 * for db HEALTHY and exits 0, web (the app) waits for migrate SUCCESS. The order is read back
 * from Docker's own start and finish times, and the shutdown order from Docker's die events.
 * The app is called web so that name order (db before web) differs from shutdown order. db and
 * web run {@code sleep}, which as PID 1 ignores SIGTERM, with a stop timeout of 2 s: each dies
 * by SIGKILL 2 s after its stop began. The runtime stops containers in the background, several
 * at once, so db dying at least that long after web proves the reconciler's waves held db's
 * stop back until web was gone; without them both would die together.
 */
class TaskLifecycleIT {
  private static final Duration WAIT = Duration.ofSeconds(40);
  /** Ignores SIGTERM (PID 1 without a handler), so a stop lasts the whole stop timeout. */
  private static final List<String> SERVE = List.of("sleep", "3600");
  private static final int STOP_TIMEOUT_S = 2;
  private static final int HEALTH_INTERVAL_S = 2;

  @TempDir
  Path dir;

  private DockerClient docker;
  private String deviceId;
  private String taskId;
  private DockerContainerRuntime runtime;
  private AgentLoop loop;
  private AutoCloseable watch;
  private final List<StatusReport> sent = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    docker = DockerSupport.requireDocker();
    String prefix = UUID.randomUUID().toString().substring(0, 8);
    deviceId = "it-life-" + prefix;
    taskId = prefix + "-stack";
    runtime = new DockerContainerRuntime(deviceId, DockerClients.defaultHost(),
        GpuAttachment.NONE);
    loop = new AgentLoop(deviceId, runtime, new AssignmentStore(dir), new RestartBookStore(dir),
        sent::add, Clock.systemUTC(), Duration.ofMillis(500));
    watch = runtime.watch(loop::trigger);
    loop.start(null);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (loop != null) {
      loop.close();
    }
    if (watch != null) {
      watch.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    if (docker != null) {
      DockerSupport.cleanup(docker, deviceId);
      docker.close();
    }
  }

  private AssignedTask stack(int port) {
    return stack(port, 1);
  }

  /** Another revision runs web with another command: every container of the task is replaced. */
  private AssignedTask stack(int port, int revision) {
    ContainerDefinition db = Fixtures.stopTimeout(new ContainerDefinition("db", IMAGE, SERVE,
        null, null, true, null, 16, null, null, null,
        new HealthCheck(List.of("CMD-SHELL", "true"), HEALTH_INTERVAL_S, 2, 1, 0), null),
        STOP_TIMEOUT_S);
    // An init step as config's pos-stack-depends.json has it: no restartPolicy at all.
    ContainerDefinition migrate = Fixtures.dependsOn(new ContainerDefinition("migrate", IMAGE,
        List.of("sh", "-c", "exit 0"), null, null, false, null, 16, null, null, null, null,
        null), "db:HEALTHY");
    ContainerDefinition app = Fixtures.stopTimeout(Fixtures.ports(Fixtures.dependsOn(
        new ContainerDefinition("web", IMAGE, revision == 1 ? SERVE
            : List.of("sleep", Integer.toString(3600 + revision)), null, null, true, null, 16,
            null, null,
            null, null, null), "migrate:SUCCESS"), PortMapping.tcp(port, null)),
        STOP_TIMEOUT_S);
    TaskDefinition td = new TaskDefinition("stack", revision, List.of(app, db, migrate), null,
        null,
        TaskDefinition.HOST, null);
    return new AssignedTask(taskId, "svc-stack", td, SpecHash.of(td));
  }

  private TaskStatus lastTask() {
    StatusReport r = sent.isEmpty() ? null : sent.get(sent.size() - 1);
    return r == null ? null : r.tasks().stream().filter(t -> t.taskId().equals(taskId))
        .findFirst().orElse(null);
  }

  private static ContainerStatus named(TaskStatus t, String name) {
    return t.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private ContainerState state(TaskStatus t, String name) {
    return docker.inspectContainerCmd(named(t, name).containerId()).exec().getState();
  }

  @Test
  void dependsOn_startsDbThenMigrateThenApp_andRemovalStopsTheAppBeforeDb() throws Exception {
    int port = 20000 + (int) (Math.random() * 20000); // only reported: nothing listens on it
    loop.offer(new Assignment(deviceId, 1, List.of(stack(port))));

    TaskStatus t = await().atMost(WAIT).until(this::lastTask, s -> s != null
        && TaskStatus.RUNNING.equals(s.lastStatus())
        && "exited".equals(named(s, "migrate").state())
        && "running".equals(named(s, "web").state()));
    assertEquals(0, named(t, "migrate").exitCode(), "migrate's exit code is reported");
    // web is created in the pass that sees migrate exit 0: under a restart policy of always,
    // that same pass would have restarted migrate.
    assertEquals(0, named(t, "migrate").restarts(), "an init container runs to completion");
    assertEquals("HEALTHY", named(t, "db").health());
    assertEquals(List.of(new NetworkBinding("0.0.0.0", port, port, "tcp")),
        named(t, "web").networkBindings(), "host mode reports the containerPort as both");

    ContainerState db = state(t, "db");
    ContainerState migrate = state(t, "migrate");
    ContainerState app = state(t, "web");
    Instant dbStarted = Instant.parse(db.getStartedAt());
    Instant migrateStarted = Instant.parse(migrate.getStartedAt());
    Instant migrateFinished = Instant.parse(migrate.getFinishedAt());
    Instant appStarted = Instant.parse(app.getStartedAt());
    // Docker runs the first probe one interval after the start: migrate could not start sooner.
    assertTrue(!migrateStarted.isBefore(dbStarted.plusSeconds(HEALTH_INTERVAL_S)),
        "migrate started " + migrateStarted + ", before db (started " + dbStarted
            + ") could be healthy");
    assertTrue(appStarted.isAfter(migrateFinished), "web started " + appStarted
        + " before migrate finished " + migrateFinished);

    Map<String, Integer> ranks = new java.util.HashMap<>();
    runtime.list().forEach(o -> ranks.put(o.key().containerName(), o.stopRank()));
    assertEquals(Map.of("db", 0, "migrate", 1, "web", 2), ranks,
        "each container's dependency depth, recorded at create and read back from its label");

    long since = Instant.now().getEpochSecond() - 1;
    loop.offer(new Assignment(deviceId, 2, List.of()));
    await().atMost(WAIT).until(() -> containersOf(docker, deviceId).isEmpty());
    long until = Instant.now().getEpochSecond() + 1;

    List<String> died = new ArrayList<>();
    Map<String, Long> diedAtNanos = new java.util.HashMap<>();
    docker.eventsCmd().withSince(Long.toString(since)).withUntil(Long.toString(until))
        .withLabelFilter(Map.of(ContainerLabels.DEVICE_ID, deviceId))
        .withEventFilter("die")
        .exec(new ResultCallback.Adapter<Event>() {
          @Override
          public void onNext(Event e) {
            String name = e.getActor().getAttributes().get(ContainerLabels.CONTAINER);
            if (!"migrate".equals(name)) { // migrate died when it finished, long before
              died.add(name);
              diedAtNanos.put(name, e.getTimeNano());
            }
          }
        }).awaitCompletion(20, TimeUnit.SECONDS);
    assertEquals(List.of("web", "db"), died, "dependents stop first");
    Duration gap = Duration.ofNanos(diedAtNanos.get("db") - diedAtNanos.get("web"));
    assertTrue(gap.compareTo(Duration.ofMillis(STOP_TIMEOUT_S * 1000L - 200)) >= 0,
        "db's stop began only once web was gone, so db died a whole stop timeout ("
            + STOP_TIMEOUT_S + " s) after web, not " + gap.toMillis() + " ms");
  }

  @Test
  void aSpecChange_replacesEachContainerOnceItsPredecessorIsGone_withoutAFailedCreate() {
    int port = 20000 + (int) (Math.random() * 20000);
    AssignedTask v1 = stack(port, 1);
    loop.offer(new Assignment(deviceId, 1, List.of(v1)));
    await().atMost(WAIT).until(this::lastTask, s -> s != null
        && "running".equals(named(s, "web").state()));
    int before = sent.size();

    AssignedTask v2 = stack(port, 2);
    assertTrue(!v1.specHash().equals(v2.specHash()), "a new spec");
    loop.offer(new Assignment(deviceId, 2, List.of(v2)));
    await().atMost(WAIT).until(this::lastTask, s -> s != null
        && v2.specHash().equals(s.specHash()) && TaskStatus.RUNNING.equals(s.lastStatus())
        && "running".equals(named(s, "web").state())
        && containersOf(docker, deviceId).stream().allMatch(c -> v2.specHash()
            .equals(c.getLabels().get(ContainerLabels.SPEC_HASH))));
    List<StatusReport> reports = List.copyOf(sent);
    List<String> messages = reports.subList(before, reports.size()).stream()
        .flatMap(r -> r.tasks().stream()).flatMap(t -> t.containers().stream())
        .map(ContainerStatus::message).filter(m -> m != null).toList();
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("previous container ")),
        "a replacement waited for its predecessor: " + messages);
    assertTrue(messages.stream().noneMatch(m -> m.contains("still stopping")
            || m.contains("create failed")),
        "no create failed on the predecessor's name: " + messages);
  }
}
