package dev.backroom.agent.reconcile;

import static dev.backroom.agent.reconcile.Fixtures.DEVICE;
import static dev.backroom.agent.reconcile.Fixtures.at;
import static dev.backroom.agent.reconcile.Fixtures.container;
import static dev.backroom.agent.reconcile.Fixtures.desired;
import static dev.backroom.agent.reconcile.Fixtures.exited;
import static dev.backroom.agent.reconcile.Fixtures.held;
import static dev.backroom.agent.reconcile.Fixtures.inState;
import static dev.backroom.agent.reconcile.Fixtures.key;
import static dev.backroom.agent.reconcile.Fixtures.nonEssential;
import static dev.backroom.agent.reconcile.Fixtures.onDevice;
import static dev.backroom.agent.reconcile.Fixtures.policy;
import static dev.backroom.agent.reconcile.Fixtures.record;
import static dev.backroom.agent.reconcile.Fixtures.running;
import static dev.backroom.agent.reconcile.Fixtures.task;
import static dev.backroom.agent.reconcile.Fixtures.unlabelled;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.config.model.RestartPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerReconcilerTest {

  /**
   * Expected buckets: keys ("task/container") for create, wait, done and held; container ids for
   * start, stop, remove and keep.
   */
  record Expect(List<String> create, List<String> start, List<String> stop, List<String> remove,
      List<String> keep, List<String> waits, List<String> done, List<String> held) {
    static Expect none() {
      return new Expect(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
          List.of(), List.of());
    }

    Expect create(String... keys) {
      return new Expect(List.of(keys), start, stop, remove, keep, waits, done, held);
    }

    Expect start(String... ids) {
      return new Expect(create, List.of(ids), stop, remove, keep, waits, done, held);
    }

    Expect stop(String... ids) {
      return new Expect(create, start, List.of(ids), remove, keep, waits, done, held);
    }

    Expect remove(String... ids) {
      return new Expect(create, start, stop, List.of(ids), keep, waits, done, held);
    }

    Expect keep(String... ids) {
      return new Expect(create, start, stop, remove, List.of(ids), waits, done, held);
    }

    Expect waits(String... keys) {
      return new Expect(create, start, stop, remove, keep, List.of(keys), done, held);
    }

    Expect done(String... keys) {
      return new Expect(create, start, stop, remove, keep, waits, List.of(keys), held);
    }

    Expect held(String... keys) {
      return new Expect(create, start, stop, remove, keep, waits, done, List.of(keys));
    }
  }

  record Case(String name, DesiredState desired, List<ObservedContainer> observed,
      Map<ContainerKey, RestartRecord> book, Instant now, Expect expect) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    RestartPolicy onFailure2 = policy(RestartPolicy.ON_FAILURE, 2);
    return Stream.of(
        new Case("nothing desired, nothing running", desired(), List.of(), Map.of(), at(0),
            Expect.none()),
        new Case("missing container is created", desired(task("t1", "h1", container("web"))),
            List.of(), Map.of(), at(0), Expect.none().create("t1/web")),
        new Case("running with same hash is kept (adopted)",
            desired(task("t1", "h1", container("web"))),
            List.of(running("c1", "t1", "web", "h1")), Map.of(), at(0), Expect.none().keep("c1")),
        new Case("changed spec hash: the running container is removed, its successor waits"
            + " for the name",
            desired(task("t1", "h2", container("web"))),
            List.of(running("c1", "t1", "web", "h1")), Map.of(), at(0),
            Expect.none().remove("c1").waits("t1/web")),
        new Case("changed spec hash: the successor waits while the old one is removing",
            desired(task("t1", "h2", container("web"))),
            List.of(Fixtures.shown(running("c1", "t1", "web", "h1"), "removing")), Map.of(),
            at(0), Expect.none().remove("c1").waits("t1/web")),
        new Case("changed spec hash: an exited old container goes at once, in the same pass",
            desired(task("t1", "h2", container("web"))),
            List.of(exited("c1", "t1", "web", "h1", 0, at(-9), at(-1))), Map.of(), at(0),
            Expect.none().remove("c1").create("t1/web")),
        new Case("changed spec hash: created once the old one is gone",
            desired(task("t1", "h2", container("web"))), List.of(), Map.of(), at(0),
            Expect.none().create("t1/web")),
        new Case("orphan of this device is removed", desired(),
            List.of(running("c1", "gone", "web", "h1")), Map.of(), at(0),
            Expect.none().remove("c1")),
        new Case("another device's container is never touched", desired(),
            List.of(onDevice(running("c9", "t9", "web", "h1"), "dev-b")), Map.of(), at(0),
            Expect.none()),
        new Case("another device's same-key container does not count as ours",
            desired(task("t1", "h1", container("web"))),
            List.of(onDevice(running("c9", "t1", "web", "h1"), "dev-b")), Map.of(), at(0),
            Expect.none().create("t1/web")),
        new Case("managed container without task labels is removed", desired(),
            List.of(unlabelled("c1")), Map.of(), at(0), Expect.none().remove("c1")),
        new Case("killed container restarts at once under the default policy",
            desired(task("t1", "h1", container("web"))),
            List.of(exited("c1", "t1", "web", "h1", 137, at(-3), at(-0.1))),
            Map.of(key("t1", "web"), record("h1", 0, 0, at(-3))), at(0),
            Expect.none().start("c1")),
        new Case("second quick failure backs off 1 s",
            desired(task("t1", "h1", container("web"))),
            List.of(exited("c1", "t1", "web", "h1", 1, at(-1), at(-0.5))),
            Map.of(key("t1", "web"), record("h1", 1, 1, at(-1))), at(0),
            Expect.none().waits("t1/web")),
        new Case("backoff over, restart",
            desired(task("t1", "h1", container("web"))),
            List.of(exited("c1", "t1", "web", "h1", 1, at(-2), at(-1.5))),
            Map.of(key("t1", "web"), record("h1", 1, 1, at(-2))), at(0),
            Expect.none().start("c1")),
        new Case("backoff is capped at 30 s",
            desired(task("t1", "h1", container("web"))),
            List.of(exited("c1", "t1", "web", "h1", 1, at(-31), at(-30.5))),
            Map.of(key("t1", "web"), record("h1", 9, 9, at(-31))), at(0),
            Expect.none().start("c1")),
        new Case("still within the 30 s cap",
            desired(task("t1", "h1", container("web"))),
            List.of(exited("c1", "t1", "web", "h1", 1, at(-29.5), at(-29))),
            Map.of(key("t1", "web"), record("h1", 9, 9, at(-29.5))), at(0),
            Expect.none().waits("t1/web")),
        new Case("a run of 10 s resets the streak",
            desired(task("t1", "h1", container("web"))),
            List.of(exited("c1", "t1", "web", "h1", 1, at(-12), at(-0.1))),
            Map.of(key("t1", "web"), record("h1", 5, 5, at(-12))), at(0),
            Expect.none().start("c1")),
        new Case("on-failure does not restart exit 0",
            desired(task("t1", "h1", container("job", onFailure2))),
            List.of(exited("c1", "t1", "job", "h1", 0, at(-3), at(-1))), Map.of(), at(0),
            Expect.none().done("t1/job")),
        new Case("on-failure restarts a failure",
            desired(task("t1", "h1", container("job", onFailure2))),
            List.of(exited("c1", "t1", "job", "h1", 2, at(-3), at(-1))), Map.of(), at(0),
            Expect.none().start("c1")),
        new Case("on-failure gives up after maxAttempts",
            desired(task("t1", "h1", container("job", onFailure2))),
            List.of(exited("c1", "t1", "job", "h1", 2, at(-3), at(-1))),
            Map.of(key("t1", "job"), record("h1", 2, 2, at(-3))), at(0),
            Expect.none().done("t1/job")),
        new Case("ignored exit code is not restarted",
            desired(task("t1", "h1", container("web", policy(RestartPolicy.ALWAYS, null, 3)))),
            List.of(exited("c1", "t1", "web", "h1", 3, at(-3), at(-1))), Map.of(), at(0),
            Expect.none().done("t1/web")),
        new Case("never means never",
            desired(task("t1", "h1", container("web", policy(RestartPolicy.NEVER, null)))),
            List.of(exited("c1", "t1", "web", "h1", 137, at(-3), at(-1))), Map.of(), at(0),
            Expect.none().done("t1/web")),
        new Case("failed create backs off",
            desired(task("t1", "h1", container("web"))), List.of(),
            Map.of(key("t1", "web"), new RestartRecord("h1", 0, 1, at(-0.2), "no such image")),
            at(0), Expect.none().waits("t1/web")),
        new Case("failed create retried after its backoff",
            desired(task("t1", "h1", container("web"))), List.of(),
            Map.of(key("t1", "web"), new RestartRecord("h1", 0, 1, at(-1.2), "no such image")),
            at(0), Expect.none().create("t1/web")),
        new Case("created but not started is started",
            desired(task("t1", "h1", container("web"))),
            List.of(inState("c1", "t1", "web", "h1", "created")), Map.of(), at(0),
            Expect.none().start("c1")),
        new Case("record of an older spec is ignored",
            desired(task("t1", "h2", container("web"))),
            List.of(exited("c1", "t1", "web", "h2", 1, at(-1), at(-0.5))),
            Map.of(key("t1", "web"), record("h1", 7, 7, at(-1))), at(0),
            Expect.none().start("c1")),
        new Case("duplicates: the running one stays, the other goes",
            desired(task("t1", "h1", container("web"))),
            List.of(exited("a0", "t1", "web", "h1", 1, at(-9), at(-8)),
                running("b1", "t1", "web", "h1")), Map.of(), at(0),
            Expect.none().keep("b1").remove("a0")),
        new Case("dead container is replaced",
            desired(task("t1", "h1", container("web"))),
            List.of(inState("c1", "t1", "web", "h1", "dead")), Map.of(), at(0),
            Expect.none().remove("c1").create("t1/web")),
        new Case("paused container is left alone",
            desired(task("t1", "h1", container("web"))),
            List.of(inState("c1", "t1", "web", "h1", "paused")), Map.of(), at(0),
            Expect.none().keep("c1")),
        new Case("mixed: keep, create and orphan in one pass",
            desired(task("t1", "h1", container("web"), container("side")),
                task("t2", "h2", container("db"))),
            List.of(running("c1", "t1", "web", "h1"), running("c2", "old", "x", "h0")),
            Map.of(), at(0),
            Expect.none().keep("c1").create("t1/side", "t2/db").remove("c2")));
  }

  /** Operator holds: the agent must not fight a technician, whatever the container's state. */
  static Stream<Case> holdCases() {
    RestartPolicy never = policy(RestartPolicy.NEVER, null);
    return Stream.of(
        new Case("held: a running container is left running",
            desired(held(task("t1", "h1", container("web")), true)),
            List.of(running("c1", "t1", "web", "h1")), Map.of(), at(0),
            Expect.none().held("t1/web")),
        new Case("held: a container stopped by hand is not restarted",
            desired(held(task("t1", "h1", container("web")), true)),
            List.of(exited("c1", "t1", "web", "h1", 143, at(-60), at(-1))),
            Map.of(key("t1", "web"), record("h1", 0, 0, at(-60))), at(0),
            Expect.none().held("t1/web")),
        new Case("held: a missing container is not created",
            desired(held(task("t1", "h1", container("web")), true)), List.of(), Map.of(), at(0),
            Expect.none().held("t1/web")),
        new Case("held: a created container is not started",
            desired(held(task("t1", "h1", container("web")), true)),
            List.of(inState("c1", "t1", "web", "h1", "created")), Map.of(), at(0),
            Expect.none().held("t1/web")),
        new Case("held: a changed spec does not replace the container",
            desired(held(task("t1", "h2", container("web")), true)),
            List.of(running("c1", "t1", "web", "h1")), Map.of(), at(0),
            Expect.none().held("t1/web")),
        new Case("held: duplicates and dead containers stay",
            desired(held(task("t1", "h1", container("web")), true)),
            List.of(running("c1", "t1", "web", "h1"), inState("c2", "t1", "web", "h1", "dead"),
                exited("c3", "t1", "web", "h0", 1, at(-9), at(-8))), Map.of(), at(0),
            Expect.none().held("t1/web")),
        new Case("held: an essential that gave up does not stop its siblings",
            desired(held(task("t1", "h1", container("main", never), nonEssential("side")), true)),
            List.of(exited("c1", "t1", "main", "h1", 0, at(-9), at(-8)),
                running("c2", "t1", "side", "h1")), Map.of(), at(0),
            Expect.none().held("t1/main", "t1/side")),
        new Case("held: a container the held definition no longer names stays",
            desired(held(task("t1", "h2", container("web")), true)),
            List.of(running("c1", "t1", "web", "h1"), running("c2", "t1", "old", "h1")),
            Map.of(), at(0), Expect.none().held("t1/web")),
        new Case("held false is no hold",
            desired(held(task("t1", "h1", container("web")), false)),
            List.of(exited("c1", "t1", "web", "h1", 143, at(-60), at(-1))),
            Map.of(key("t1", "web"), record("h1", 0, 0, at(-60))), at(0),
            Expect.none().start("c1")),
        new Case("released hold: the reset record restarts at once despite a long streak before",
            desired(task("t1", "h1", container("web"))),
            List.of(exited("c1", "t1", "web", "h1", 143, at(-3), at(-0.5))),
            Map.of(key("t1", "web"), record("h1", 6, 0, at(-3))), at(0),
            Expect.none().start("c1")),
        new Case("a hold on one task leaves the others enforced",
            desired(held(task("t1", "h1", container("web")), true),
                task("t2", "h1", container("db"))),
            List.of(exited("c1", "t1", "web", "h1", 143, at(-60), at(-1)),
                exited("c2", "t2", "db", "h1", 137, at(-60), at(-1))), Map.of(), at(0),
            Expect.none().held("t1/web").start("c2")),
        new Case("a held task leaving the assignment is removed (no task, no hold)",
            desired(), List.of(exited("c1", "t1", "web", "h1", 143, at(-60), at(-1))),
            Map.of(), at(0), Expect.none().remove("c1")));
  }

  /** ECS essential semantics: an essential container stopped for good stops its whole task. */
  static Stream<Case> essentialCases() {
    RestartPolicy never = policy(RestartPolicy.NEVER, null);
    RestartPolicy onFailure1 = policy(RestartPolicy.ON_FAILURE, 1);
    return Stream.of(
        new Case("essential stopped for good stops its running siblings",
            desired(task("t1", "h1", container("main", never), nonEssential("side"),
                container("aux"))),
            List.of(exited("c1", "t1", "main", "h1", 0, at(-9), at(-1)),
                running("c2", "t1", "side", "h1"), running("c3", "t1", "aux", "h1")),
            Map.of(), at(0), Expect.none().done("t1/main").stop("c3", "c2")),
        new Case("essential out of attempts: exited siblings are not restarted",
            desired(task("t1", "h1", container("main", onFailure1), container("side"))),
            List.of(exited("c1", "t1", "main", "h1", 1, at(-9), at(-1)),
                exited("c2", "t1", "side", "h1", 143, at(-9), at(-0.5))),
            Map.of(key("t1", "main"), record("h1", 1, 1, at(-9))), at(0),
            Expect.none().done("t1/main", "t1/side")),
        new Case("essential stopped for good: a missing sibling is not created",
            desired(task("t1", "h1", container("main", never), container("side"))),
            List.of(exited("c1", "t1", "main", "h1", 2, at(-9), at(-1))), Map.of(), at(0),
            Expect.none().done("t1/main", "t1/side")),
        new Case("essential stopped for good: a backing-off sibling is done",
            desired(task("t1", "h1", container("main", never), container("side"))),
            List.of(exited("c1", "t1", "main", "h1", 2, at(-9), at(-1)),
                exited("c2", "t1", "side", "h1", 1, at(-1), at(-0.5))),
            Map.of(key("t1", "side"), record("h1", 1, 1, at(-1))), at(0),
            Expect.none().done("t1/main", "t1/side")),
        new Case("essential stopped for good leaves other tasks alone",
            desired(task("t1", "h1", container("main", never), container("side")),
                task("t2", "h1", container("db"))),
            List.of(exited("c1", "t1", "main", "h1", 0, at(-9), at(-1)),
                running("c2", "t1", "side", "h1"), running("c3", "t2", "db", "h1")),
            Map.of(), at(0), Expect.none().done("t1/main").stop("c2").keep("c3")),
        new Case("non-essential stopped for good leaves its task running",
            desired(task("t1", "h1", container("main"), nonEssential("side", never))),
            List.of(running("c1", "t1", "main", "h1"),
                exited("c2", "t1", "side", "h1", 0, at(-9), at(-1))), Map.of(), at(0),
            Expect.none().keep("c1").done("t1/side")),
        new Case("essential backing off is not stopped for good",
            desired(task("t1", "h1", container("main"), container("side"))),
            List.of(exited("c1", "t1", "main", "h1", 1, at(-1), at(-0.5)),
                running("c2", "t1", "side", "h1")),
            Map.of(key("t1", "main"), record("h1", 1, 1, at(-1))), at(0),
            Expect.none().waits("t1/main").keep("c2")),
        new Case("essential given up: a spec change still replaces the task",
            desired(task("t1", "h2", container("main", never), container("side"))),
            List.of(exited("c1", "t1", "main", "h1", 0, at(-9), at(-1)),
                exited("c2", "t1", "side", "h1", 143, at(-9), at(-1))), Map.of(), at(0),
            Expect.none().remove("c1", "c2").create("t1/main", "t1/side")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compute(Case c) {
    ReconcileResult r = ContainerReconciler.compute(c.desired(), c.observed(), c.book(), c.now());
    assertResults(c.expect(), r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("holdCases")
  void computeWithHolds(Case c) {
    compute(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("essentialCases")
  void computeWithEssentials(Case c) {
    compute(c);
  }

  static void assertResults(Expect e, ReconcileResult r) {
    assertEquals(e.create(), r.create().stream().map(x -> x.desired().key().toString()).toList(),
        "create");
    assertEquals(e.start(), r.start().stream().map(x -> x.observed().id()).toList(), "start");
    assertEquals(e.stop(), r.stop().stream().map(x -> x.observed().id()).toList(), "stop");
    assertEquals(e.remove(), r.remove().stream().map(x -> x.observed().id()).toList(), "remove");
    assertEquals(e.keep(), r.keep().stream().map(x -> x.observed().id()).toList(), "keep");
    assertEquals(e.waits(), r.waits().stream().map(x -> x.desired().key().toString()).toList(),
        "waits");
    assertEquals(e.done(), r.done().stream().map(x -> x.desired().key().toString()).toList(),
        "done");
    assertEquals(e.held(), r.held().stream().map(x -> x.desired().key().toString()).toList(),
        "held");
  }

  @ParameterizedTest(name = "streak {0} waits {1} ms")
  @org.junit.jupiter.params.provider.CsvSource({
      "0,0", "1,1000", "2,2000", "3,4000", "4,8000", "5,16000", "6,30000", "7,30000", "40,30000"})
  void backoffDoublesFromOneSecondUpToThirty(int streak, long millis) {
    assertEquals(millis, ContainerReconciler.restartDelay(streak).toMillis());
  }

  @org.junit.jupiter.api.Test
  void aReplacementWaitsForItsPredecessor_withoutBackoffOrFailure() {
    // A failure streak of 3 from an earlier create: the wait neither uses nor grows it.
    ReconcileResult r = ContainerReconciler.compute(desired(task("t1", "h2", container("web"))),
        List.of(Fixtures.shown(running("c1", "t1", "web", "h1"), "stopping")),
        Map.of(key("t1", "web"), new RestartRecord("h2", 0, 3, at(0), "boom")), at(0));
    ReconcileResult.Wait w = r.waits().get(0);
    assertEquals("previous container backroom-t1-web stopping, waiting for it to go",
        w.reason());
    assertEquals(null, w.until(), "woken by the destroy event or the tick, not a backoff");
    assertEquals(List.of(), r.create());
  }

  @org.junit.jupiter.api.Test
  void heldTask_reportsTheContainerWithTheDesiredSpecFirst() {
    ReconcileResult r = ContainerReconciler.compute(
        desired(held(task("t1", "h2", container("web")), true)),
        List.of(running("a1", "t1", "web", "h1"),
            exited("b2", "t1", "web", "h2", 143, at(-9), at(-1))), Map.of(), at(0));
    assertEquals("b2", r.held().get(0).observed().id());
  }

  @org.junit.jupiter.api.Test
  void restartBookkeeping_countsTheRestartAndGrowsTheStreak() {
    ReconcileResult r = ContainerReconciler.compute(desired(task("t1", "h1", container("web"))),
        List.of(exited("c1", "t1", "web", "h1", 1, at(-3), at(-1.5))),
        Map.of(key("t1", "web"), record("h1", 4, 1, at(-3))), at(0));
    ReconcileResult.Start s = r.start().get(0);
    assertEquals(5, s.restarts());
    assertEquals(2, s.streakIfStarted());
    assertEquals(DEVICE, r.start().get(0).observed().deviceId());
  }
}
