package dev.backroom.agent.loop;

import static dev.backroom.agent.reconcile.Fixtures.DEVICE;
import static dev.backroom.agent.reconcile.Fixtures.T0;
import static dev.backroom.agent.reconcile.Fixtures.assignment;
import static dev.backroom.agent.reconcile.Fixtures.container;
import static dev.backroom.agent.reconcile.Fixtures.dependsOn;
import static dev.backroom.agent.reconcile.Fixtures.nonEssential;
import static dev.backroom.agent.reconcile.Fixtures.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.runtime.FakeContainerRuntime;
import dev.backroom.agent.state.AssignmentStore;
import dev.backroom.agent.state.RestartBookStore;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the loop asks the engine for its containers, and when it knows without asking. */
class AgentLoopListingTest {
  @TempDir
  Path dir;

  private final MutableClock clock = new MutableClock(T0);
  private final List<StatusReport> sent = new CopyOnWriteArrayList<>();
  /** The number of lists made before each container's create, by container name. */
  private final Map<String, Integer> listsAtCreate = new ConcurrentHashMap<>();
  private FakeContainerRuntime runtime;
  private AgentLoop loop;

  @BeforeEach
  void setUp() {
    runtime = new FakeContainerRuntime(DEVICE, clock);
    runtime.beforeCreate(d -> listsAtCreate.put(d.key().containerName(), runtime.lists()));
    loop = new AgentLoop(DEVICE, runtime, new AssignmentStore(dir), new RestartBookStore(dir),
        r -> sent.add(r), clock, Duration.ofHours(1));
    runtime.watch(loop::trigger);
  }

  @AfterEach
  void tearDown() {
    loop.close();
  }

  private List<ContainerStatus> lastContainers() {
    StatusReport r = sent.isEmpty() ? null : sent.get(sent.size() - 1);
    return r == null || r.tasks().isEmpty() ? List.of() : r.tasks().get(0).containers();
  }

  @Test
  void aDependentOnStart_isCreatedOnceItsDependencyStarted_withoutListingInBetween() {
    loop.start(null);
    await().until(() -> sent.size() == 1);
    loop.offer(assignment(1, task("t1", "h1", container("db"),
        dependsOn(container("app"), "db:START"))));
    await().until(() -> lastContainers().size() == 2
        && lastContainers().stream().allMatch(c -> "running".equals(c.state())));
    assertEquals(List.of("create t1/db", "start f1", "create t1/app", "start f2"),
        runtime.calls());
    assertEquals(listsAtCreate.get("db"), listsAtCreate.get("app"),
        "db's successful start is known without a list");
    // The status comes from the engine, not from what the loop assumed: start times included.
    assertTrue(lastContainers().stream().allMatch(c -> c.startedAt() != null), sent.toString());
  }

  @Test
  void aDependentOnComplete_waitsForTheEngineToShowItsDependencyExited() {
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1", nonEssential("init"),
        dependsOn(container("app"), "init:COMPLETE"))));
    await().until(() -> runtime.calls().contains("start f1") && !sent.isEmpty()
        && sent.get(sent.size() - 1).generation() == 1);
    await().during(Duration.ofMillis(100)).until(() -> runtime.calls().size() == 2);
    runtime.kill("f1", 0);
    await().until(() -> runtime.calls().contains("start f2"));
    assertEquals(List.of("create t1/init", "start f1", "create t1/app", "start f2"),
        runtime.calls());
  }

  @Test
  void aListTakenWhileAnAssignmentArrives_isWhatItsPassDecidesOn() {
    loop.start(null);
    await().until(() -> sent.size() == 1);
    int before = runtime.lists();
    loop.assignmentArriving();
    await().until(() -> runtime.lists() == before + 1);
    loop.offer(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> runtime.calls().contains("start f1"));
    assertEquals(before + 1, listsAtCreate.get("web"), "no second list before the create");
  }

  @Test
  void aListTakenWhileAnAssignmentArrives_isDiscardedOnceAnotherPassRan() {
    loop.start(null);
    await().until(() -> sent.size() == 1);
    int before = runtime.lists();
    loop.assignmentArriving();
    await().until(() -> runtime.lists() == before + 1);
    loop.trigger();
    await().until(() -> runtime.lists() == before + 2);
    loop.offer(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> runtime.calls().contains("start f1"));
    assertEquals(before + 3, listsAtCreate.get("web"), "listed anew for the assignment");
  }
}
