package dev.backroom.agent.it;

import static dev.backroom.agent.it.DockerSupport.containersOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import dev.backroom.agent.Agent;
import dev.backroom.agent.AgentConfig;
import dev.backroom.agent.runtime.docker.ContainerLabels;
import dev.backroom.agent.runtime.docker.DockerClients;
import dev.backroom.agent.runtime.docker.RuntimeOptions;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.Volume;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent, in process, against the real Docker Engine and a real Mosquitto. Each
 * test runs as its own device (unique id), so tests and other agents on the same engine never
 * see each other's containers.
 */
class AgentIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dataDir;

  private DockerClient docker;
  private TestHub hub;
  private String deviceId;
  private String prefix;
  private final List<Agent> agents = new ArrayList<>();

  @BeforeEach
  void setUp() {
    docker = DockerSupport.requireDocker();
    prefix = UUID.randomUUID().toString().substring(0, 8);
    deviceId = "it-" + prefix;
    hub = new TestHub().start();
  }

  @AfterEach
  void tearDown() throws Exception {
    agents.forEach(Agent::close);
    if (hub != null) {
      hub.close();
    }
    if (docker != null) {
      DockerSupport.cleanup(docker, deviceId);
      docker.close();
    }
  }

  private Agent startAgent(String brokerUri) {
    return startAgent(brokerUri, 2);
  }

  private Agent startAgent(String brokerUri, int stopTimeout) {
    AgentConfig cfg = AgentConfig.defaults(deviceId, brokerUri, dataDir,
        DockerClients.defaultHost()).withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(1))
        .withHubSigningKey(hub.signingKeyFile())
        // busybox sleep ignores SIGTERM as PID 1: every stop lasts the whole grace period
        .withContainers(RuntimeOptions.defaults().withStopTimeout(stopTimeout));
    Agent a = Agent.start(cfg);
    agents.add(a);
    return a;
  }

  private AssignedTask sleeper(String task) {
    ContainerDefinition c = ContainerDefinition.of("main", DockerSupport.IMAGE, 16)
        .withCommand(List.of("sleep", "3600"));
    TaskDefinition td = new TaskDefinition("sleeper", 1, List.of(c), null, null, "none", null);
    return new AssignedTask(prefix + "-" + task, "svc-" + task, td, SpecHash.of(td));
  }

  private Assignment assignment(long generation, AssignedTask... tasks) {
    return new Assignment(deviceId, generation, List.of(tasks));
  }

  private Container awaitRunning(String taskId) {
    return await().atMost(WAIT).until(() -> containersOf(docker, deviceId).stream()
        .filter(c -> taskId.equals(c.getLabels().get(ContainerLabels.TASK_ID)))
        .filter(c -> "running".equals(c.getState())).findFirst().orElse(null),
        c -> c != null);
  }

  private StatusReport awaitStatus(java.util.function.Predicate<StatusReport> p) {
    return await().atMost(WAIT).until(() -> hub.status.get(deviceId),
        s -> s != null && p.test(s));
  }

  private static TaskStatus task(StatusReport s, String taskId) {
    return s.tasks().stream().filter(t -> t.taskId().equals(taskId)).findFirst().orElse(null);
  }

  @Test
  void aLongStopGracePeriod_doesNotHoldUpOtherTasks() {
    startAgent(hub.uri(), 30); // ECS's default; busybox sleep ignores SIGTERM, so 30 s to stop
    AssignedTask slow = sleeper("slow");
    hub.assign(assignment(1, slow));
    Container old = awaitRunning(slow.taskId());

    AssignedTask next = sleeper("next");
    long t0 = System.nanoTime();
    hub.assign(assignment(2, next));
    awaitRunning(next.taskId());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 10_000, "the next task ran after " + ms + " ms");
    assertTrue(docker.inspectContainerCmd(old.getId()).exec().getState().getRunning(),
        "the old container is still in its 30 s grace period");
    StatusReport s = awaitStatus(r -> r.generation() == 2 && task(r, next.taskId()) != null
        && TaskStatus.RUNNING.equals(task(r, next.taskId()).lastStatus()));
    assertEquals(null, task(s, slow.taskId()), "the removed task is no longer reported");
  }

  @Test
  void retainedAssignment_runsContainerWithLabels_andReportsRunning() {
    AssignedTask t = sleeper("a");
    hub.assign(assignment(1, t)); // retained before the agent even exists
    Agent agent = startAgent(hub.uri());

    Container c = awaitRunning(t.taskId());
    Map<String, String> labels = c.getLabels();
    assertEquals("true", labels.get(ContainerLabels.MANAGED));
    assertEquals(deviceId, labels.get(ContainerLabels.DEVICE_ID));
    assertEquals(t.taskId(), labels.get(ContainerLabels.TASK_ID));
    assertEquals("svc-a", labels.get(ContainerLabels.SERVICE));
    assertEquals("main", labels.get(ContainerLabels.CONTAINER));
    assertEquals("1", labels.get(ContainerLabels.GENERATION));
    assertEquals(t.specHash(), labels.get(ContainerLabels.SPEC_HASH));
    assertEquals("/backroom-" + t.taskId() + "-main", c.getNames()[0]);
    InspectContainerResponse in = docker.inspectContainerCmd(c.getId()).exec();
    assertEquals("none", in.getHostConfig().getNetworkMode());
    assertEquals(16L * 1024 * 1024, in.getHostConfig().getMemory());
    assertEquals("", in.getHostConfig().getRestartPolicy().getName() == null ? ""
        : in.getHostConfig().getRestartPolicy().getName().replace("no", ""),
        "Docker's restart policy stays off; the agent restarts");

    StatusReport s = awaitStatus(r -> r.generation() == 1 && task(r, t.taskId()) != null
        && TaskStatus.RUNNING.equals(task(r, t.taskId()).lastStatus()));
    ContainerStatus cs = task(s, t.taskId()).containers().get(0);
    assertEquals(c.getId(), cs.containerId());
    assertEquals("running", cs.state());
    await().atMost(WAIT).until(() -> hub.capabilities.containsKey(deviceId)
        && hub.lifecycle.containsKey(deviceId));
    assertEquals("online", hub.lifecycle.get(deviceId).state());
    assertEquals(deviceId, hub.capabilities.get(deviceId).attributes().get("backroom.device-id"));
    // Set once the pass that started the containers ends.
    await().atMost(WAIT).until(() -> agent.loop().appliedGeneration() == 1);
  }

  @Test
  void dockerKill_isRestartedWithinTwoSeconds_andStatusCountsTheRestart() {
    AssignedTask t = sleeper("b");
    startAgent(hub.uri());
    hub.assign(assignment(1, t));
    Container c = awaitRunning(t.taskId());
    String startedBefore = docker.inspectContainerCmd(c.getId()).exec().getState().getStartedAt();

    long killedAt = System.nanoTime();
    docker.killContainerCmd(c.getId()).exec();
    await().atMost(Duration.ofMillis(2500)).pollInterval(Duration.ofMillis(20)).until(() -> {
      InspectContainerResponse.ContainerState st =
          docker.inspectContainerCmd(c.getId()).exec().getState();
      return Boolean.TRUE.equals(st.getRunning()) && !startedBefore.equals(st.getStartedAt());
    });
    long ms = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("docker kill -> running again in " + ms + " ms");

    StatusReport s = awaitStatus(r -> task(r, t.taskId()) != null
        && task(r, t.taskId()).containers().get(0).restarts() >= 1
        && TaskStatus.RUNNING.equals(task(r, t.taskId()).lastStatus()));
    assertEquals(c.getId(), task(s, t.taskId()).containers().get(0).containerId(),
        "restarted in place, not recreated");
  }

  @Test
  void restartWithBrokerDown_enforcesCachedAssignment_andAdoptsContainersUnchanged() {
    AssignedTask t1 = sleeper("c1");
    AssignedTask t2 = sleeper("c2");
    Agent first = startAgent(hub.uri());
    hub.assign(assignment(3, t1, t2));
    awaitRunning(t1.taskId());
    awaitRunning(t2.taskId());
    Map<String, String> idsBefore = containersOf(docker, deviceId).stream()
        .collect(Collectors.toMap(Container::getId, c -> String.valueOf(c.getCreated())));

    first.close();
    agents.remove(first);
    hub.stopBroker();
    // While the agent is down one container dies: the cache alone must bring it back.
    String victim = idsBefore.keySet().iterator().next();
    docker.killContainerCmd(victim).exec();

    Agent second = startAgent(hub.uri()); // the broker is down: nobody answers on this port
    await().atMost(WAIT).until(() -> second.loop().lastStatus() != null
        && second.loop().lastStatus().tasks().size() == 2
        && second.loop().lastStatus().tasks().stream()
            .allMatch(ts -> TaskStatus.RUNNING.equals(ts.lastStatus())));
    assertFalse(second.hub().isConnected());
    // Set once the pass that started the containers ends.
    await().atMost(WAIT).until(() -> second.loop().appliedGeneration() == 3);
    assertEquals(0, second.loop().createdCount(), "nothing recreated");
    assertEquals(0, second.loop().removedCount(), "nothing removed");
    Map<String, String> idsAfter = containersOf(docker, deviceId).stream()
        .collect(Collectors.toMap(Container::getId, c -> String.valueOf(c.getCreated())));
    assertEquals(idsBefore, idsAfter, "same containers, adopted by id");
    assertTrue(containersOf(docker, deviceId).stream()
        .allMatch(c -> "running".equals(c.getState())));
  }

  @Test
  void assignmentWithoutTheTask_removesItsContainer_andKeepsTheOther() {
    AssignedTask keep = sleeper("d1");
    AssignedTask drop = sleeper("d2");
    Agent agent = startAgent(hub.uri());
    hub.assign(assignment(1, keep, drop));
    Container kept = awaitRunning(keep.taskId());
    awaitRunning(drop.taskId());

    hub.assign(assignment(2, keep));
    await().atMost(WAIT).until(() -> containersOf(docker, deviceId).stream()
        .noneMatch(c -> drop.taskId().equals(c.getLabels().get(ContainerLabels.TASK_ID))));
    assertEquals(List.of(kept.getId()),
        containersOf(docker, deviceId).stream().map(Container::getId).toList());
    StatusReport s = awaitStatus(r -> r.generation() == 2);
    assertEquals(List.of(keep.taskId()), s.tasks().stream().map(TaskStatus::taskId).toList());

    hub.assign(assignment(1, keep, drop)); // stale: must be ignored
    await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() ->
        containersOf(docker, deviceId).size() == 1 && agent.loop().appliedGeneration() == 2);
  }

  @Test
  void malformedAssignment_isDroppedAndCounted_andTheAgentKeepsWorking() {
    Agent agent = startAgent(hub.uri());
    // A first good assignment, applied, proves the agent's subscription is served: Paho reports
    // connected before the SUBSCRIBE is, and a non-retained message sent in between reaches no one.
    AssignedTask first = sleeper("e1");
    hub.assign(assignment(1, first));
    awaitRunning(first.taskId());
    await().atMost(WAIT).until(() -> agent.loop().appliedGeneration() == 1);

    hub.publishRaw(deviceId, "{not json".getBytes(StandardCharsets.UTF_8));
    hub.publishRaw(deviceId, hub.codec.encode("assignment", "someone-else",
        System.currentTimeMillis(), Assignment.empty("someone-else")));
    await().atMost(WAIT).until(() -> agent.hub().rejectedAssignments() == 2);

    AssignedTask second = sleeper("e2");
    hub.assign(assignment(2, first, second));
    awaitRunning(second.taskId());
    // Set once the pass that started the containers ends.
    await().atMost(WAIT).until(() -> agent.loop().appliedGeneration() == 2);
    assertEquals(2, agent.hub().rejectedAssignments());
  }

  /**
   * Verifies the Will attack's payload can do nothing on its own: an unsigned assignment with a
   * host-path volume, a command writing to it and generation 999999 (retained, as a Will is) is
   * refused and counted, starts no container, is not stored and does not move the generation;
   * the hub's signed assignment that follows applies.
   */
  @Test
  void unsignedHighGenerationAssignment_isRefused_startsNothing_andTheHubsSignedOneApplies()
      throws Exception {
    Path hostDir = java.nio.file.Files.createTempDirectory(dataDir, "host");
    ContainerDefinition writer = new ContainerDefinition("main", DockerSupport.IMAGE,
        List.of("sh", "-c", "echo owned > /host/owned; sleep 3600"), null, null, null, null, 16,
        null, null, List.of(new MountPoint("root", "/host", null)), null, null);
    TaskDefinition evil = new TaskDefinition("evil", 1, List.of(writer), null, null, "none",
        List.of(new Volume("root", new Volume.Host(hostDir.toString()))));
    Assignment forged = assignment(999_999, new AssignedTask(prefix + "-evil", "evil", evil,
        SpecHash.of(evil)));
    Agent agent = startAgent(hub.uri());
    await().atMost(WAIT).until(() -> agent.hub().isConnected());

    hub.publishRaw(deviceId, hub.codec.encode("assignment", deviceId, System.currentTimeMillis(),
        forged), true);
    await().atMost(WAIT).until(() -> agent.hub().rejectedAssignments() == 1);
    assertEquals(Map.of("assignment:unsigned", 1L), agent.hub().refusals());

    AssignedTask real = sleeper("real");
    hub.assign(assignment(1, real));
    Container running = awaitRunning(real.taskId());
    // Set once the pass that started the containers ends.
    await().atMost(WAIT).until(() -> agent.loop().appliedGeneration() == 1);
    assertEquals(List.of(running.getId()), containersOf(docker, deviceId).stream()
        .map(Container::getId).toList(), "the forged task never got a container");
    assertTrue(docker.listContainersCmd().withShowAll(true).exec().stream()
        .noneMatch(c -> (prefix + "-evil").equals(c.getLabels().get(ContainerLabels.TASK_ID))));
    assertFalse(java.nio.file.Files.exists(hostDir.resolve("owned")));
    String stored = java.nio.file.Files.readString(dataDir.resolve("assignment.json"));
    assertFalse(stored.contains("999999") || stored.contains("evil"), stored);
    assertEquals(1, agent.hub().rejectedAssignments());
  }

  @Test
  void changedSpec_replacesTheContainer_sameSpecKeepsIt() {
    AssignedTask t = sleeper("f");
    Agent agent = startAgent(hub.uri());
    hub.assign(assignment(1, t));
    Container before = awaitRunning(t.taskId());

    // A new generation with the same spec must not touch the container.
    hub.assign(assignment(2, t));
    await().atMost(WAIT).until(() -> agent.loop().appliedGeneration() == 2);
    assertEquals(List.of(before.getId()),
        containersOf(docker, deviceId).stream().map(Container::getId).toList());

    ContainerDefinition changed = t.taskDefinition().containers().get(0)
        .withCommand(List.of("sleep", "3601"));
    TaskDefinition td = t.taskDefinition().withContainers(List.of(changed));
    AssignedTask t2 = new AssignedTask(t.taskId(), t.serviceName(), td, SpecHash.of(td));
    hub.assign(assignment(3, t2));
    Container after = await().atMost(WAIT).until(() -> awaitRunning(t.taskId()),
        c -> !c.getId().equals(before.getId()));
    assertEquals(t2.specHash(), after.getLabels().get(ContainerLabels.SPEC_HASH));
    assertEquals(1, containersOf(docker, deviceId).size());
  }

  @Test
  void healthCheck_reportsHealthyTask() {
    ContainerDefinition c = new ContainerDefinition("main", DockerSupport.IMAGE,
        List.of("sleep", "3600"), null, null, null, null, 16, null, null, null,
        new dev.backroom.config.model.HealthCheck(List.of("CMD-SHELL", "echo ok"), 1, 2, 2, 0),
        null);
    TaskDefinition td = new TaskDefinition("healthy", 1, List.of(c), null, null, "none", null);
    AssignedTask t = new AssignedTask(prefix + "-g", "svc-g", td, SpecHash.of(td));
    startAgent(hub.uri());
    hub.assign(assignment(1, t));
    StatusReport s = awaitStatus(r -> task(r, t.taskId()) != null
        && "HEALTHY".equals(task(r, t.taskId()).healthStatus()));
    assertEquals("HEALTHY", task(s, t.taskId()).containers().get(0).health());
  }

  @Test
  void assignmentToRunning_takesLittleMoreThanDockersCreateAndStart() {
    Agent agent = startAgent(hub.uri());
    await().atMost(WAIT).until(() -> agent.hub().isConnected());
    AssignedTask warm = sleeper("warm");
    hub.assign(assignment(1, warm));
    awaitRunning(warm.taskId());

    AssignedTask t = sleeper("h");
    long t0 = System.nanoTime();
    hub.assign(assignment(2, warm, t));
    await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() ->
        containersOf(docker, deviceId).stream().anyMatch(c ->
            t.taskId().equals(c.getLabels().get(ContainerLabels.TASK_ID))
                && "running".equals(c.getState())));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("assignment published -> container running in " + ms + " ms");
    assertTrue(ms < 3_000, "took " + ms + " ms");
  }

  private static AssignedTask held(AssignedTask t, boolean held) {
    return new AssignedTask(t.taskId(), t.serviceName(), t.taskDefinition(), t.specHash(), held);
  }

  private String startedAt(String containerId) {
    return docker.inspectContainerCmd(containerId).exec().getState().getStartedAt();
  }

  /** Container id to Docker's State.StartedAt for every container of this device. */
  private Map<String, String> startTimes() {
    return containersOf(docker, deviceId).stream()
        .collect(Collectors.toMap(Container::getId, c -> startedAt(c.getId())));
  }

  @Test
  void heldTask_stoppedByHand_staysStoppedForSeveralIntervals_andReleaseRestartsIt() {
    AssignedTask t = sleeper("hold");
    Agent agent = startAgent(hub.uri());
    hub.assign(assignment(1, t));
    Container c = awaitRunning(t.taskId());

    hub.assign(assignment(2, held(t, true)));
    await().atMost(WAIT).until(() -> agent.loop().appliedGeneration() == 2);
    docker.stopContainerCmd(c.getId()).withTimeout(1).exec(); // the technician
    String stoppedRun = startedAt(c.getId());
    // Reconcile interval is 1 s: five intervals, plus the die event's own pass.
    await().during(Duration.ofSeconds(5)).atMost(WAIT).until(() -> {
      List<Container> now = containersOf(docker, deviceId);
      return now.size() == 1 && now.get(0).getId().equals(c.getId())
          && "exited".equals(now.get(0).getState())
          && stoppedRun.equals(startedAt(c.getId()));
    });
    StatusReport s = awaitStatus(r -> r.generation() == 2 && task(r, t.taskId()) != null
        && "exited".equals(task(r, t.taskId()).containers().get(0).state()));
    assertEquals(TaskStatus.STOPPED, task(s, t.taskId()).lastStatus());
    assertEquals(c.getId(), task(s, t.taskId()).containers().get(0).containerId());

    hub.assign(assignment(3, held(t, false)));
    await().atMost(Duration.ofSeconds(5)).until(() ->
        Boolean.TRUE.equals(docker.inspectContainerCmd(c.getId()).exec().getState().getRunning())
            && !stoppedRun.equals(startedAt(c.getId())));
    awaitStatus(r -> r.generation() == 3
        && TaskStatus.RUNNING.equals(task(r, t.taskId()).lastStatus()));
    assertEquals(List.of(c.getId()),
        containersOf(docker, deviceId).stream().map(Container::getId).toList());
    assertEquals(1, agent.loop().createdCount(), "restarted in place, never recreated");
  }

  @Test
  void brokerDown_killedContainerIsRestarted_andAnAgentRestartTouchesNothing() {
    AssignedTask t1 = sleeper("o1");
    AssignedTask t2 = sleeper("o2");
    Agent first = startAgent(hub.uri());
    hub.assign(assignment(4, t1, t2));
    Container victim = awaitRunning(t1.taskId());
    awaitRunning(t2.taskId());

    // (b) The hub and broker are down; the agent alone keeps the workload up.
    hub.stopBroker();
    await().atMost(WAIT).until(() -> !first.hub().isConnected());
    String before = startedAt(victim.getId());
    docker.killContainerCmd(victim.getId()).exec();
    await().atMost(Duration.ofSeconds(5)).until(() ->
        Boolean.TRUE.equals(docker.inspectContainerCmd(victim.getId()).exec().getState()
            .getRunning()) && !before.equals(startedAt(victim.getId())));
    assertFalse(first.hub().isConnected(), "restarted while the broker was still down");
    await().atMost(WAIT).until(() -> first.loop().lastStatus().tasks().stream()
        .allMatch(ts -> TaskStatus.RUNNING.equals(ts.lastStatus())));

    // (c) Still no broker: a new agent on the same data dir adopts, it does not recreate.
    Map<String, String> times = startTimes();
    assertEquals(2, times.size());
    first.close();
    agents.remove(first);
    Agent second = startAgent(hub.uri());
    await().atMost(WAIT).until(() -> second.loop().lastStatus() != null
        && second.loop().lastStatus().tasks().size() == 2
        && second.loop().lastStatus().tasks().stream()
            .allMatch(ts -> TaskStatus.RUNNING.equals(ts.lastStatus())));
    await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> times.equals(startTimes()));
    assertFalse(second.hub().isConnected());
    assertEquals(0, second.loop().createdCount(), "nothing recreated");
    assertEquals(0, second.loop().startedCount(), "nothing restarted");
    assertEquals(0, second.loop().removedCount(), "nothing removed");
    assertEquals(1, task(second.loop().lastStatus(), t1.taskId()).containers().get(0)
        .restarts(), "the restart count came back from the data dir");
  }

  @Test
  void hubRestart_republishingTheSameGeneration_touchesNoContainer() {
    AssignedTask t1 = sleeper("r1");
    AssignedTask t2 = sleeper("r2");
    Agent agent = startAgent(hub.uri());
    hub.assign(assignment(5, t1, t2));
    awaitRunning(t1.taskId());
    awaitRunning(t2.taskId());
    awaitStatus(r -> r.generation() == 5 && r.tasks().stream()
        .allMatch(ts -> TaskStatus.RUNNING.equals(ts.lastStatus())));
    Map<String, String> times = startTimes();
    long created = agent.loop().createdCount();
    long started = agent.loop().startedCount();
    long received = agent.hub().receivedAssignments();

    hub.restart(); // a fresh broker: the retained assignment is gone until the hub republishes
    await().atMost(WAIT).until(() -> agent.hub().isConnected());
    hub.assign(assignment(5, t1, t2));
    // Received before the next is sent: both are retained, and one published before the agent's
    // SUBSCRIBE is served would be replaced by the other.
    await().atMost(WAIT).until(() -> agent.hub().receivedAssignments() >= received + 1);
    // The same content, with the hold spelled out as false rather than absent.
    hub.assign(assignment(5, held(t1, false), held(t2, false)));
    await().atMost(WAIT).until(() -> agent.hub().receivedAssignments() >= received + 2);
    await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> times.equals(startTimes()));
    assertEquals(created, agent.loop().createdCount(), "nothing recreated");
    assertEquals(started, agent.loop().startedCount(), "nothing restarted");
    assertEquals(0, agent.loop().removedCount(), "nothing removed");
    assertEquals(0, agent.loop().stoppedCount(), "nothing stopped");
    // Set once the pass that started the containers ends.
    await().atMost(WAIT).until(() -> agent.loop().appliedGeneration() == 5);
  }
}
