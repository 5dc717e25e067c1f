package dev.backroom.agent.loop;

import static dev.backroom.agent.reconcile.Fixtures.DEVICE;
import static dev.backroom.agent.reconcile.Fixtures.T0;
import static dev.backroom.agent.reconcile.Fixtures.assignment;
import static dev.backroom.agent.reconcile.Fixtures.container;
import static dev.backroom.agent.reconcile.Fixtures.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.runtime.FakeContainerRuntime;
import dev.backroom.agent.state.AssignmentStore;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
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
    loop = new AgentLoop(DEVICE, runtime, store, r -> sent.add(r), clock, Duration.ofHours(1));
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
  void assignment_isStoredBeforeAnyContainerIsCreated() {
    AtomicBoolean storedFirst = new AtomicBoolean();
    runtime.beforeCreate(d -> storedFirst.set(Files.exists(store.file())));
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> !sent.isEmpty() && TaskStatus.RUNNING.equals(lastTask().lastStatus()));
    assertTrue(storedFirst.get());
    assertEquals(List.of("create t1/web", "start f1"), runtime.calls());
    assertEquals(1, loop.appliedGeneration());
    assertEquals(1, loop.runningTasks());
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
}
