package dev.backroom.agent.status;

import static dev.backroom.agent.reconcile.Fixtures.at;
import static dev.backroom.agent.reconcile.Fixtures.container;
import static dev.backroom.agent.reconcile.Fixtures.desired;
import static dev.backroom.agent.reconcile.Fixtures.exited;
import static dev.backroom.agent.reconcile.Fixtures.key;
import static dev.backroom.agent.reconcile.Fixtures.nonEssential;
import static dev.backroom.agent.reconcile.Fixtures.policy;
import static dev.backroom.agent.reconcile.Fixtures.record;
import static dev.backroom.agent.reconcile.Fixtures.running;
import static dev.backroom.agent.reconcile.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.reconcile.ContainerReconciler;
import dev.backroom.agent.reconcile.Fixtures;
import dev.backroom.agent.reconcile.RestartRecord;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.StatusReport;
import dev.backroom.mqtt.message.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StatusComputerTest {

  record Case(String name, DesiredState desired, List<ObservedContainer> observed,
      Map<ContainerKey, RestartRecord> book, String lastStatus, String health) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("all essential running", desired(task("t1", "h1", container("a"))),
            List.of(running("c1", "t1", "a", "h1")), Map.of(), TaskStatus.RUNNING,
            StatusComputer.UNKNOWN),
        new Case("still to create", desired(task("t1", "h1", container("a"))), List.of(),
            Map.of(), TaskStatus.PENDING, StatusComputer.UNKNOWN),
        new Case("backing off", desired(task("t1", "h1", container("a"))),
            List.of(exited("c1", "t1", "a", "h1", 1, at(-1), at(-0.5))),
            Map.of(key("t1", "a"), record("h1", 1, 1, at(-1))), TaskStatus.PENDING,
            StatusComputer.UNKNOWN),
        new Case("essential given up",
            desired(task("t1", "h1", container("a", policy(RestartPolicy.NEVER, null)))),
            List.of(exited("c1", "t1", "a", "h1", 1, at(-1), at(-0.5))), Map.of(),
            TaskStatus.STOPPED, StatusComputer.UNKNOWN),
        new Case("a stopped non-essential container does not stop the task",
            desired(task("t1", "h1", container("a"), nonEssential("b"))),
            List.of(running("c1", "t1", "a", "h1"),
                exited("c2", "t1", "b", "h1", 0, at(-9), at(-8))),
            Map.of(key("t1", "b"), record("h1", 1, 1, at(-8.5))), TaskStatus.RUNNING,
            StatusComputer.UNKNOWN),
        new Case("healthy", desired(task("t1", "h1", Fixtures.withHealth("a"))),
            List.of(Fixtures.withHealth(running("c1", "t1", "a", "h1"), "healthy")), Map.of(),
            TaskStatus.RUNNING, StatusComputer.HEALTHY),
        new Case("unhealthy", desired(task("t1", "h1", Fixtures.withHealth("a"))),
            List.of(Fixtures.withHealth(running("c1", "t1", "a", "h1"), "unhealthy")), Map.of(),
            TaskStatus.RUNNING, StatusComputer.UNHEALTHY),
        new Case("held and running is RUNNING",
            desired(Fixtures.held(task("t1", "h1", container("a")), true)),
            List.of(running("c1", "t1", "a", "h1")), Map.of(), TaskStatus.RUNNING,
            StatusComputer.UNKNOWN),
        new Case("held and stopped by hand is STOPPED, not PENDING",
            desired(Fixtures.held(task("t1", "h1", container("a")), true)),
            List.of(exited("c1", "t1", "a", "h1", 143, at(-60), at(-1))), Map.of(),
            TaskStatus.STOPPED, StatusComputer.UNKNOWN),
        new Case("held with no container is STOPPED",
            desired(Fixtures.held(task("t1", "h1", container("a")), true)), List.of(), Map.of(),
            TaskStatus.STOPPED, StatusComputer.UNKNOWN),
        new Case("held with only a non-essential stopped is RUNNING",
            desired(Fixtures.held(task("t1", "h1", container("a"), nonEssential("b")), true)),
            List.of(running("c1", "t1", "a", "h1"),
                exited("c2", "t1", "b", "h1", 143, at(-9), at(-8))), Map.of(),
            TaskStatus.RUNNING, StatusComputer.UNKNOWN),
        new Case("essential stopped for good while a sibling is being stopped is STOPPED",
            desired(task("t1", "h1", container("a", policy(RestartPolicy.NEVER, null)),
                container("b"))),
            List.of(exited("c1", "t1", "a", "h1", 0, at(-9), at(-1)),
                running("c2", "t1", "b", "h1")), Map.of(), TaskStatus.STOPPED,
            StatusComputer.UNKNOWN),
        new Case("health starting is unknown", desired(task("t1", "h1", Fixtures.withHealth("a"))),
            List.of(Fixtures.withHealth(running("c1", "t1", "a", "h1"), "starting")), Map.of(),
            TaskStatus.RUNNING, StatusComputer.UNKNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void taskStatus(Case c) {
    StatusReport r = StatusComputer.compute(c.desired(),
        ContainerReconciler.compute(c.desired(), c.observed(), c.book(), at(0)), c.book());
    TaskStatus t = r.tasks().get(0);
    assertEquals(c.lastStatus(), t.lastStatus(), "lastStatus");
    assertEquals(c.health(), t.healthStatus(), "healthStatus");
  }

  @Test
  void containerStatusCarriesIdStateExitCodeRestartsAndTheError() {
    DesiredState d = desired(task("t1", "h1", container("a"), container("b")));
    Map<ContainerKey, RestartRecord> book = Map.of(
        key("t1", "a"), record("h1", 3, 0, at(-5)),
        key("t1", "b"), new RestartRecord("h1", 0, 1, at(-0.1), "image x is not present"));
    StatusReport r = StatusComputer.compute(d, ContainerReconciler.compute(d,
        List.of(running("c1", "t1", "a", "h1")), book, at(0)), book);
    assertEquals(Fixtures.DEVICE, r.deviceId());
    assertEquals(1, r.generation());
    List<ContainerStatus> cs = r.tasks().get(0).containers();
    assertEquals(new ContainerStatus("a", "c1", "running", null, "UNKNOWN", 3, null, List.of(),
        running("c1", "t1", "a", "h1").startedAt().toString(), null, null, null), cs.get(0));
    assertEquals(new ContainerStatus("b", null, "pending", null, "UNKNOWN", 0,
        "image x is not present"), cs.get(1));
    assertEquals("svc-t1", r.tasks().get(0).serviceName());
    assertEquals("h1", r.tasks().get(0).specHash());
    assertEquals(0, StatusComputer.runningTasks(r));
  }

  /** Verifies that a hold adds nothing to the wire: the same report as without the hold. */
  @Test
  void heldTask_reportsTheRealContainerState_withNoHoldMarker() {
    DesiredState d = desired(Fixtures.held(task("t1", "h1", container("a")), true));
    Map<ContainerKey, RestartRecord> book = Map.of(key("t1", "a"), record("h1", 2, 0, at(-60)));
    List<ObservedContainer> observed = List.of(exited("c1", "t1", "a", "h1", 143, at(-60),
        at(-1)));
    StatusReport r = StatusComputer.compute(d, ContainerReconciler.compute(d, observed, book,
        at(0)), book);
    TaskStatus t = r.tasks().get(0);
    assertEquals(new TaskStatus("t1", "svc-t1", "h1", TaskStatus.STOPPED,
        StatusComputer.UNKNOWN, List.of(new ContainerStatus("a", "c1", "exited", 143, "UNKNOWN",
        2, null, List.of(), at(-60).toString(), at(-1).toString(), null, null))), t);
  }

  /** Verifies that a spec change the hold kept from being applied is not reported as applied. */
  @Test
  void heldTask_withAnUnappliedSpecChange_reportsTheSpecItsContainersCarry() {
    DesiredState d = desired(Fixtures.held(task("t1", "h2", container("a"), container("b")),
        true));
    List<ObservedContainer> observed = List.of(running("c1", "t1", "a", "h1"),
        running("c2", "t1", "b", "h1"));
    StatusReport r = StatusComputer.compute(d, ContainerReconciler.compute(d, observed, Map.of(),
        at(0)), Map.of());
    assertEquals("h1", r.tasks().get(0).specHash());
    assertEquals(TaskStatus.RUNNING, r.tasks().get(0).lastStatus());

    DesiredState released = desired(task("t1", "h2", container("a"), container("b")));
    assertEquals("h2", StatusComputer.compute(released, ContainerReconciler.compute(released,
        observed, Map.of(), at(0)), Map.of()).tasks().get(0).specHash());
  }

  @Test
  void noAssignmentYetReportsGenerationZeroAndNoTasks() {
    StatusReport r = StatusComputer.compute(DesiredState.nothing("dev-a"),
        ContainerReconciler.compute(DesiredState.nothing("dev-a"), List.of(), Map.of(), at(0)),
        Map.of());
    assertEquals(new StatusReport("dev-a", 0, List.of()), r);
  }
}
