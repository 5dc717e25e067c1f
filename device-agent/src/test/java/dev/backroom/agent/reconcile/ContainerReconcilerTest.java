package dev.backroom.agent.reconcile;

import static dev.backroom.agent.reconcile.Fixtures.DEVICE;
import static dev.backroom.agent.reconcile.Fixtures.at;
import static dev.backroom.agent.reconcile.Fixtures.container;
import static dev.backroom.agent.reconcile.Fixtures.desired;
import static dev.backroom.agent.reconcile.Fixtures.exited;
import static dev.backroom.agent.reconcile.Fixtures.inState;
import static dev.backroom.agent.reconcile.Fixtures.key;
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

  /** Expected buckets: keys ("task/container") for create, wait and done; container ids else. */
  record Expect(List<String> create, List<String> start, List<String> remove, List<String> keep,
      List<String> waits, List<String> done) {
    static Expect none() {
      return new Expect(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    Expect create(String... keys) {
      return new Expect(List.of(keys), start, remove, keep, waits, done);
    }

    Expect start(String... ids) {
      return new Expect(create, List.of(ids), remove, keep, waits, done);
    }

    Expect remove(String... ids) {
      return new Expect(create, start, List.of(ids), keep, waits, done);
    }

    Expect keep(String... ids) {
      return new Expect(create, start, remove, List.of(ids), waits, done);
    }

    Expect waits(String... keys) {
      return new Expect(create, start, remove, keep, List.of(keys), done);
    }

    Expect done(String... keys) {
      return new Expect(create, start, remove, keep, waits, List.of(keys));
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
        new Case("changed spec hash replaces the container",
            desired(task("t1", "h2", container("web"))),
            List.of(running("c1", "t1", "web", "h1")), Map.of(), at(0),
            Expect.none().remove("c1").create("t1/web")),
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compute(Case c) {
    ReconcileResult r = ContainerReconciler.compute(c.desired(), c.observed(), c.book(), c.now());
    assertResults(c.expect(), r);
  }

  static void assertResults(Expect e, ReconcileResult r) {
    assertEquals(e.create(), r.create().stream().map(x -> x.desired().key().toString()).toList(),
        "create");
    assertEquals(e.start(), r.start().stream().map(x -> x.observed().id()).toList(), "start");
    assertEquals(e.remove(), r.remove().stream().map(x -> x.observed().id()).toList(), "remove");
    assertEquals(e.keep(), r.keep().stream().map(x -> x.observed().id()).toList(), "keep");
    assertEquals(e.waits(), r.waits().stream().map(x -> x.desired().key().toString()).toList(),
        "waits");
    assertEquals(e.done(), r.done().stream().map(x -> x.desired().key().toString()).toList(),
        "done");
  }

  @ParameterizedTest(name = "streak {0} waits {1} ms")
  @org.junit.jupiter.params.provider.CsvSource({
      "0,0", "1,1000", "2,2000", "3,4000", "4,8000", "5,16000", "6,30000", "7,30000", "40,30000"})
  void backoffDoublesFromOneSecondUpToThirty(int streak, long millis) {
    assertEquals(millis, Backoff.delay(streak).toMillis());
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
