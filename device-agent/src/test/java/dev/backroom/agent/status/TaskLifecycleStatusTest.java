package dev.backroom.agent.status;

import static dev.backroom.agent.reconcile.Fixtures.at;
import static dev.backroom.agent.reconcile.Fixtures.container;
import static dev.backroom.agent.reconcile.Fixtures.dependsOn;
import static dev.backroom.agent.reconcile.Fixtures.desired;
import static dev.backroom.agent.reconcile.Fixtures.exited;
import static dev.backroom.agent.reconcile.Fixtures.held;
import static dev.backroom.agent.reconcile.Fixtures.nonEssential;
import static dev.backroom.agent.reconcile.Fixtures.policy;
import static dev.backroom.agent.reconcile.Fixtures.ports;
import static dev.backroom.agent.reconcile.Fixtures.running;
import static dev.backroom.agent.reconcile.Fixtures.runningSince;
import static dev.backroom.agent.reconcile.Fixtures.startTimeout;
import static dev.backroom.agent.reconcile.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.reconcile.ContainerReconciler;
import dev.backroom.agent.reconcile.Fixtures;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.mqtt.message.ContainerStatus;
import dev.backroom.mqtt.message.NetworkBinding;
import dev.backroom.mqtt.message.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the hub reads about a task's lifecycle: why it stopped, exit codes, port bindings. */
class TaskLifecycleStatusTest {
  private static final RestartPolicy NEVER = policy(RestartPolicy.NEVER, null);
  private static final RestartPolicy ON_FAILURE = policy(RestartPolicy.ON_FAILURE, 2);

  private static TaskStatus status(DesiredState d, List<ObservedContainer> observed) {
    return StatusComputer.compute(d, ContainerReconciler.compute(d, observed, Map.of(), at(0)),
        Map.of()).tasks().get(0);
  }

  private static ContainerStatus of(TaskStatus t, String name) {
    return t.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void runToCompletion_isStopped_withEachExitCode_andTheFirstEssentialToFinishAsReason() {
    TaskStatus t = status(desired(task("t1", "h1", container("download", NEVER),
            container("convert", ON_FAILURE), nonEssential("log", NEVER))),
        List.of(exited("c1", "t1", "download", "h1", 0, at(-9), at(-5)),
            exited("c2", "t1", "convert", "h1", 0, at(-5), at(-2)),
            exited("c3", "t1", "log", "h1", 4, at(-9), at(-1))));
    assertEquals(TaskStatus.STOPPED, t.lastStatus());
    assertEquals("Essential container in task exited: download exited 0", t.stoppedReason());
    assertEquals(0, of(t, "download").exitCode());
    assertEquals(0, of(t, "convert").exitCode());
    assertEquals(4, of(t, "log").exitCode());
  }

  @Test
  void aNonEssentialExitingForGood_leavesTheTaskRunning_withItsExitCodeReported() {
    TaskStatus t = status(desired(task("t1", "h1", container("main"),
            nonEssential("side", NEVER))),
        List.of(running("c1", "t1", "main", "h1"),
            exited("c2", "t1", "side", "h1", 3, at(-9), at(-1))));
    assertEquals(TaskStatus.RUNNING, t.lastStatus());
    assertNull(t.stoppedReason());
    assertEquals(3, of(t, "side").exitCode());
    assertEquals("exited 3, policy never after 0 restarts", of(t, "side").message());
  }

  @Test
  void anEssentialExitingForGood_namesItselfAndItsExitCode_andItsSiblingsSayWhy() {
    TaskStatus t = status(desired(task("t1", "h1", container("main", NEVER),
            nonEssential("side"))),
        List.of(exited("c1", "t1", "main", "h1", 137, at(-9), at(-1)),
            running("c2", "t1", "side", "h1")));
    assertEquals(TaskStatus.STOPPED, t.lastStatus());
    assertEquals("Essential container in task exited: main exited 137", t.stoppedReason());
    assertEquals(137, of(t, "main").exitCode());
    assertEquals("task stopped: essential container main stopped for good",
        of(t, "side").message());
  }

  @Test
  void anEssentialThatNeverStarted_givesItsDependencyAsReason() {
    TaskStatus t = status(desired(task("t1", "h1", dependsOn(container("app"), "db:HEALTHY"),
            startTimeout(Fixtures.withHealth("db"), 30))),
        List.of(Fixtures.withHealth(runningSince("c1", "t1", "db", "h1", at(-31)),
            "unhealthy")));
    assertEquals(TaskStatus.STOPPED, t.lastStatus());
    assertEquals("Essential container in task exited: app: not started: db did not reach "
        + "HEALTHY within its startTimeout of 30 s (started " + at(-31) + ")",
        t.stoppedReason());
    assertEquals("pending", of(t, "app").state());
  }

  @Test
  void aHeldTaskHasNoStoppedReason() {
    TaskStatus t = status(desired(held(task("t1", "h1", container("main", NEVER)), true)),
        List.of(exited("c1", "t1", "main", "h1", 0, at(-9), at(-1))));
    assertEquals(TaskStatus.STOPPED, t.lastStatus());
    assertNull(t.stoppedReason());
  }

  @Test
  void aDependencyWait_isPending_andSaysWhatItWaitsFor() {
    TaskStatus t = status(desired(task("t1", "h1", dependsOn(container("app"), "db:HEALTHY"),
            Fixtures.withHealth("db"))),
        List.of(Fixtures.withHealth(runningSince("c1", "t1", "db", "h1", at(-2)), "starting")));
    assertEquals(TaskStatus.PENDING, t.lastStatus());
    assertEquals("waiting for db HEALTHY (db started " + at(-2) + ", no startTimeout)",
        of(t, "app").message());
  }

  @Test
  void bridgeMode_reportsWhatDockerPublished() {
    List<NetworkBinding> published = List.of(new NetworkBinding("0.0.0.0", 80, 32768, "tcp"),
        new NetworkBinding("::", 80, 32768, "tcp"));
    ObservedContainer web = withBindings(running("c1", "t1", "web", "h1"), published);
    TaskStatus t = status(desired(task("t1", "h1", "bridge",
        ports(container("web"), PortMapping.tcp(80, 0)))), List.of(web));
    assertEquals(published, of(t, "web").networkBindings());
  }

  @Test
  void hostMode_reportsEachContainerPortAsBothPorts_onAnyAddress() {
    TaskStatus t = status(desired(task("t1", "h1", "host", ports(container("web"),
            PortMapping.tcp(8080, null),
            new PortMapping(5353, 5353, "udp", null, null, null, null),
            new PortMapping(null, null, null, null, null, null, "9000-9001")))),
        List.of(running("c1", "t1", "web", "h1")));
    assertEquals(List.of(new NetworkBinding("0.0.0.0", 8080, 8080, "tcp"),
            new NetworkBinding("0.0.0.0", 5353, 5353, "udp"),
            new NetworkBinding("0.0.0.0", 9000, 9000, "tcp"),
            new NetworkBinding("0.0.0.0", 9001, 9001, "tcp")),
        of(t, "web").networkBindings());
  }

  @Test
  void aContainerThatIsNotRunning_hasNoBindings() {
    TaskStatus t = status(desired(task("t1", "h1", "host",
            ports(container("web", NEVER), PortMapping.tcp(8080, null)), container("main"))),
        List.of(exited("c1", "t1", "web", "h1", 0, at(-9), at(-1)),
            running("c2", "t1", "main", "h1")));
    assertEquals(List.of(), of(t, "web").networkBindings());
  }

  private static ObservedContainer withBindings(ObservedContainer o, List<NetworkBinding> b) {
    return new ObservedContainer(o.id(), o.name(), o.deviceId(), o.key(), o.specHash(),
        o.generation(), o.state(), o.exitCode(), o.health(), o.startedAt(), o.finishedAt(),
        o.error(), b);
  }
}
