package dev.backroom.agent.loop;

import static dev.backroom.agent.reconcile.Fixtures.DEVICE;
import static dev.backroom.agent.reconcile.Fixtures.T0;
import static dev.backroom.agent.reconcile.Fixtures.assignment;
import static dev.backroom.agent.reconcile.Fixtures.container;
import static dev.backroom.agent.reconcile.Fixtures.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.runtime.FakeContainerRuntime;
import dev.backroom.agent.state.AssignmentStore;
import dev.backroom.agent.state.RestartBookStore;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's restarts as reported never go down: the restart policy's count starts again from 0
 * with each new container (an operator's restart re-creates them), so the count of the earlier
 * containers travels beside it and survives a new agent on the same data directory.
 */
class RestartCountTest {
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
    loop = newLoop();
  }

  private AgentLoop newLoop() {
    AgentLoop l = new AgentLoop(DEVICE, runtime, store, new RestartBookStore(dir), sent::add,
        clock, Duration.ofHours(1));
    runtime.watch(l::trigger);
    return l;
  }

  @AfterEach
  void tearDown() {
    loop.close();
  }

  private ContainerStatus web() {
    StatusReport r = sent.isEmpty() ? null : sent.get(sent.size() - 1);
    return r == null || r.tasks().isEmpty() ? new ContainerStatus("none", null, null, null, null,
        -1, null) : r.tasks().get(0).containers().get(0);
  }

  private boolean running() {
    StatusReport r = sent.isEmpty() ? null : sent.get(sent.size() - 1);
    return r != null && !r.tasks().isEmpty()
        && TaskStatus.RUNNING.equals(r.tasks().get(0).lastStatus());
  }

  @Test
  void aPolicyRestartThenAnOperatorsRestart_countTwo_andTheCountNeverWentDown() {
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> running() && web().containerId() != null);
    String first = web().containerId();
    assertEquals(0, web().restartsShown());
    assertNotNull(web().startedAt(), "the start time travels with the container");

    clock.advance(Duration.ofSeconds(30));
    runtime.kill(first, 137);
    await().until(() -> running() && web().restarts() == 1);
    assertEquals(137, web().lastExitCode(), "the exit that caused the restart stays known");

    clock.advance(Duration.ofSeconds(30));
    loop.recreate("t1");
    await().until(() -> running() && web().containerId() != null
        && !first.equals(web().containerId()));
    assertEquals(0, web().restarts(), "the policy counts the new container from 0");
    assertEquals(2, web().restartsShown(), "one by the policy, one by the operator");
    assertEquals(2, web().earlierRestarts());

    List<Integer> shown = new ArrayList<>();
    for (StatusReport r : sent) {
      r.tasks().forEach(t -> shown.add(t.containers().get(0).restartsShown()));
    }
    for (int i = 1; i < shown.size(); i++) {
      assertTrue(shown.get(i) >= shown.get(i - 1), "restarts went down: " + shown);
    }

    // a new agent process on the same data directory keeps the count
    String second = web().containerId();
    loop.close();
    sent.clear();
    loop = newLoop();
    loop.start(store.load().orElseThrow());
    await().until(() -> running() && second.equals(web().containerId()));
    assertEquals(2, web().restartsShown());
    assertNotEquals(first, second);
  }

  @Test
  void aFailedCreate_replacesNothingThatRan_soItCountsNoRestart() {
    runtime.failCreate("no such image");
    loop.start(null);
    loop.offer(assignment(1, task("t1", "h1", container("web"))));
    await().until(() -> !sent.isEmpty() && web().message() != null
        && web().message().contains("no such image"));
    assertEquals(0, web().restartsShown());
    runtime.failCreate(null);
    clock.advance(Duration.ofMinutes(5));
    loop.trigger();
    await().until(() -> running() && web().containerId() != null);
    assertEquals(0, web().restartsShown(), "the first container that ran is no restart");
  }
}
