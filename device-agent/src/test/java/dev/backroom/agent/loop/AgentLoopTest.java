package dev.backroom.agent.loop;

import static dev.backroom.agent.reconcile.Fixtures.DEVICE;
import static dev.backroom.agent.reconcile.Fixtures.T0;
import static dev.backroom.agent.reconcile.Fixtures.assignment;
import static dev.backroom.agent.reconcile.Fixtures.container;
import static dev.backroom.agent.reconcile.Fixtures.held;
import static dev.backroom.agent.reconcile.Fixtures.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.reconcile.Fixtures;
import dev.backroom.agent.runtime.FakeContainerRuntime;
import dev.backroom.agent.state.AssignmentStore;
import dev.backroom.agent.state.RestartBookStore;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop against a fake runtime: ordering, staleness, restarts and backoff, no Docker. */
class AgentLoopTest {
  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(T0);
  private final List<StatusReport> sent = new CopyOnWriteArrayList<>();
  private FakeContainerRuntime runtime;
  private AssignmentStore store;
  private AgentLoop loop;

  @BeforeEach
  void setUp() {
    runtime = new FakeContainerRuntime(DEVICE, clock);
    store = new AssignmentStore(dir);
    loop = new AgentLoop(DEVICE, runtime, store, new RestartBookStore(dir), r -> sent.add(r),
        clock, Duration.ofHours(1));
    runtime.watch(loop::trigger);
  }

  @AfterEach
  void tearDown() {
    loop.close();
  }

  /** The first task of the last report sent; a placeholder while none was reported yet. */
  private TaskStatus lastTask() {
    StatusReport r = sent.isEmpty() ? null : sent.get(sent.size() - 1);
    if (r == null || r.tasks().isEmpty()) {
      return new TaskStatus("none", null, null, "NONE", null,
          List.of(new ContainerStatus("none", null, null, null, null, -1, null)));
    }
    return r.tasks().get(0);
  }

  @Test
  void assignment_isStoredBeforeAnyContainerIsStarted_stoppedOrRemoved() {
    List<String> storedFirst = new CopyOnWriteArrayList<>();
    runtime.beforeAct(id -> storedFirst.add(id + " " + store.load().map(a -> a.generation())
        .orElse(-1L)));
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> !sent.isEmpty() && TaskStatus.RUNNING.equals(lastTask().lastStatus()));
    assertEquals(List.of("create t1/web", "start f1"), runtime.calls());
    assertEquals(1, loop.appliedGeneration());
    assertEquals(1, loop.runningTasks());
    // a new spec: the old container goes, the new one starts, each once generation 2 is stored
    loop.offer(assignment(2, task("t1", "h2", container("web"))));
    await().until(() -> loop.appliedGeneration() == 2 && runtime.calls().contains("start f2"));
    assertEquals(List.of("f1 1", "f1 2", "f2 2"), storedFirst);
  }

  @Test
  void anAssignmentThatCannotBeStored_startsNothing_andItsCreatedContainersAreRemoved()
      throws Exception {
    Path notADirectory = Files.createFile(dir.resolve("not-a-directory"));
    loop.close();
    loop = new AgentLoop(DEVICE, runtime, new AssignmentStore(notADirectory),
        new RestartBookStore(dir), r -> sent.add(r), clock, Duration.ofHours(1));
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> runtime.calls().contains("remove f1"));
    await().during(Duration.ofMillis(200)).until(() -> runtime.list().isEmpty());
    assertEquals(List.of("create t1/web", "remove f1"), runtime.calls(),
        "created while the save ran, removed once it failed, never started");
    assertEquals(-1, loop.appliedGeneration());
    assertEquals(0, loop.runningTasks());
  }

  @Test
  void staleGeneration_isIgnored() {
    loop.start(null);
    loop.offer(assignment(5, task("t1", "h1", container("web"))));
    loop.offer(assignment(4));
    loop.offer(assignment(5, task("t1", "h1", container("web")))); // retained copy again
    await().until(() -> sent.size() >= 1 && loop.appliedGeneration() == 5);
    loop.trigger();
    await().during(Duration.ofMillis(200)).until(() -> runtime.list().size() == 1);
    assertEquals(List.of("create t1/web", "start f1"), runtime.calls());
  }

  @Test
  void theSameAssignmentAgain_resendsTheUnchangedStatus_withoutTouchingContainers() {
    loop.start(null);
    loop.offer(assignment(5, task("t1", "h1", container("web"))));
    await().until(() -> !sent.isEmpty() && TaskStatus.RUNNING.equals(lastTask().lastStatus()));
    int before = sent.size();
    // the hub republishes after its broker connection came back: it may have missed reports
    loop.offer(assignment(5, task("t1", "h1", container("web"))));
    await().until(() -> sent.size() == before + 1);
    assertEquals(sent.get(before - 1), sent.get(before), "the same status, sent again");
    assertEquals(List.of("create t1/web", "start f1"), runtime.calls());
  }

  @Test
  void newerHubEpoch_isTakenWithALowerGeneration_andStored_olderEpochsAreIgnored() {
    loop.start(null);
    loop.offer(assignment(57, task("t1", "h1", container("web"))).withEpoch(100));
    // the hub's data directory was restored: generations start lower, in a newer epoch
    loop.offer(assignment(3, task("t2", "h1", container("db"))).withEpoch(200));
    await().until(() -> loop.appliedGeneration() == 3);
    loop.offer(assignment(999_999, task("t3", "h1", container("x"))).withEpoch(150));
    loop.offer(assignment(2, task("t4", "h1", container("y"))).withEpoch(200));
    loop.trigger();
    await().during(Duration.ofMillis(200)).until(() -> loop.appliedGeneration() == 3);
    assertEquals(List.of("t2"), runtime.list().stream().map(o -> o.key().taskId()).toList());
    assertEquals(200L, store.load().orElseThrow().epoch());
  }

  @Test
  void cachedAssignment_isEnforcedOnStart() {
    loop.start(assignment(9, task("t1", "h1", container("web"))));
    await().until(() -> runtime.list().size() == 1 && loop.appliedGeneration() == 9);
  }

  @Test
  void killedContainer_isRestartedAtOnce_thenBacksOff() {
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> !sent.isEmpty() && TaskStatus.RUNNING.equals(lastTask().lastStatus()));

    clock.advance(Duration.ofMillis(500));
    runtime.kill("f1", 137);
    await().until(() -> lastTask().containers().get(0).restarts() == 1
        && TaskStatus.RUNNING.equals(lastTask().lastStatus()));

    clock.advance(Duration.ofMillis(300));
    runtime.kill("f1", 137); // quick second failure: 1 s of backoff
    await().until(() -> TaskStatus.PENDING.equals(lastTask().lastStatus()));
    ContainerStatus c = lastTask().containers().get(0);
    assertEquals("exited", c.state());
    assertEquals(137, c.exitCode());
    assertTrue(c.message().contains("backoff"), c.message());

    clock.advance(Duration.ofSeconds(1));
    loop.trigger();
    await().until(() -> lastTask().containers().get(0).restarts() == 2
        && TaskStatus.RUNNING.equals(lastTask().lastStatus()));
  }

  @Test
  void createFailure_isReportedAndRetriedAfterBackoff() {
    runtime.failCreate("image img is not present on this device");
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> !sent.isEmpty()
        && "image img is not present on this device".equals(lastTask().containers().get(0)
            .message()));
    assertEquals(TaskStatus.PENDING, lastTask().lastStatus());
    loop.trigger();
    await().during(Duration.ofMillis(200)).until(() -> runtime.calls().size() == 1);

    runtime.failCreate(null);
    clock.advance(Duration.ofSeconds(2));
    loop.trigger();
    await().until(() -> TaskStatus.RUNNING.equals(lastTask().lastStatus()));
  }

  @Test
  void taskLeavingTheAssignment_isRemoved() {
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1", container("web")), task("t2", "h1",
        container("db"))));
    await().until(() -> runtime.list().size() == 2);
    loop.offer(assignment(2, task("t2", "h1", container("db"))));
    await().until(() -> runtime.list().size() == 1
        && runtime.list().get(0).key().taskId().equals("t2"));
  }

  private long startsOf(String id) {
    return runtime.calls().stream().filter(c -> c.equals("start " + id)).count();
  }

  @Test
  void heldTask_stoppedByHand_staysStopped_andReleaseRestartsItWithAFreshBackoff() {
    AssignedTask t = task("t1", "h1", container("web"));
    loop.start(null);
    loop.offer(assignment(1, t));
    await().until(() -> TaskStatus.RUNNING.equals(lastTask().lastStatus()));
    clock.advance(Duration.ofMillis(500));
    runtime.kill("f1", 137); // a quick failure: the next one would back off 1 s
    await().until(() -> lastTask().containers().get(0).restarts() == 1
        && TaskStatus.RUNNING.equals(lastTask().lastStatus()));

    loop.offer(assignment(2, held(t, true)));
    await().until(() -> loop.appliedGeneration() == 2);
    clock.advance(Duration.ofMillis(300));
    runtime.stopByHand("f1");
    for (int i = 0; i < 3; i++) {
      loop.trigger();
    }
    await().during(Duration.ofMillis(300)).until(() -> startsOf("f1") == 2);
    await().until(() -> TaskStatus.STOPPED.equals(lastTask().lastStatus()));
    ContainerStatus c = lastTask().containers().get(0);
    assertEquals(new ContainerStatus("web", "f1", "exited", 143, "UNKNOWN", 1, null, List.of(),
        c.startedAt(), c.finishedAt(), null, 137), c,
        "the real state, no hold marker and no agent message");
    assertEquals(List.of("create t1/web", "start f1", "start f1"), runtime.calls());

    loop.offer(assignment(3, held(t, false))); // same clock: a carried-over streak would wait 1 s
    await().until(() -> startsOf("f1") == 3
        && TaskStatus.RUNNING.equals(lastTask().lastStatus())
        && lastTask().containers().get(0).restarts() == 2);
    assertEquals(1, runtime.list().size(), "restarted in place, never recreated");
  }

  /** Verifies that maxAttempts counts across agent restarts, not per agent process. */
  @Test
  void restartCount_survivesANewLoopOnTheSameDataDir() {
    AssignedTask t = task("t1", "h1",
        container("job", Fixtures.policy(RestartPolicy.ON_FAILURE, 1)));
    loop.start(null);
    loop.offer(assignment(1, t));
    await().until(() -> TaskStatus.RUNNING.equals(lastTask().lastStatus()));
    clock.advance(Duration.ofSeconds(20));
    runtime.kill("f1", 1);
    await().until(() -> lastTask().containers().get(0).restarts() == 1
        && TaskStatus.RUNNING.equals(lastTask().lastStatus()));
    loop.close();

    sent.clear();
    loop = new AgentLoop(DEVICE, runtime, store, new RestartBookStore(dir), r -> sent.add(r),
        clock, Duration.ofHours(1));
    runtime.watch(loop::trigger);
    loop.start(store.load().orElseThrow());
    await().until(() -> TaskStatus.RUNNING.equals(lastTask().lastStatus())
        && lastTask().containers().get(0).restarts() == 1);
    clock.advance(Duration.ofSeconds(20));
    runtime.kill("f1", 1);
    await().until(() -> TaskStatus.STOPPED.equals(lastTask().lastStatus()));
    loop.trigger();
    await().during(Duration.ofMillis(200)).until(() -> startsOf("f1") == 2);
    assertTrue(lastTask().containers().get(0).message().contains("after 1 restarts"),
        lastTask().containers().get(0).message());
  }

  @Test
  void unreachableRuntime_isRetriedWithoutCrashing_andEnforcementResumesWhenItReturns() {
    loop.start(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> TaskStatus.RUNNING.equals(lastTask().lastStatus()));
    int reports = sent.size();

    runtime.unreachable("Cannot connect to the Docker daemon at unix:///var/run/docker.sock");
    runtime.kill("f1", 137); // dies during the outage; the die event's pass fails
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      loop.trigger();
    }
    loop.offer(assignment(2, task("t1", "h1", container("web")), task("t2", "h1",
        container("db"))));
    await().during(Duration.ofMillis(300)).until(() -> loop.appliedGeneration() == 2
        && startsOf("f1") == 1 && sent.size() == reports);

    runtime.unreachable(null);
    loop.trigger();
    await().until(() -> sent.size() > reports
        && sent.get(sent.size() - 1).tasks().stream()
            .allMatch(x -> TaskStatus.RUNNING.equals(x.lastStatus())));
    assertEquals(2, startsOf("f1"), "the dead container was restarted in place");
    assertTrue(runtime.calls().contains("create t2/db"), "the new assignment was enforced");
  }

  @Test
  void essentialStoppedForGood_stopsItsSiblings_andTheTaskReportsStopped() {
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1",
        container("main", Fixtures.policy(RestartPolicy.NEVER, null)), container("side"))));
    await().until(() -> TaskStatus.RUNNING.equals(lastTask().lastStatus()));
    runtime.kill("f1", 0);
    await().until(() -> TaskStatus.STOPPED.equals(lastTask().lastStatus())
        && "exited".equals(lastTask().containers().get(1).state()));
    loop.trigger();
    await().during(Duration.ofMillis(200)).until(() -> runtime.calls().equals(List.of(
        "create t1/main", "start f1", "create t1/side", "start f2", "stop f2")));
    assertEquals(1, loop.stoppedCount());
    assertTrue(lastTask().containers().get(1).message().contains("essential container main"),
        lastTask().containers().get(1).message());
  }
}
