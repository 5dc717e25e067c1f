package dev.backroom.agent.reconcile;

import static dev.backroom.agent.reconcile.Fixtures.at;
import static dev.backroom.agent.reconcile.Fixtures.container;
import static dev.backroom.agent.reconcile.Fixtures.dependsOn;
import static dev.backroom.agent.reconcile.Fixtures.desired;
import static dev.backroom.agent.reconcile.Fixtures.exited;
import static dev.backroom.agent.reconcile.Fixtures.held;
import static dev.backroom.agent.reconcile.Fixtures.inState;
import static dev.backroom.agent.reconcile.Fixtures.key;
import static dev.backroom.agent.reconcile.Fixtures.nonEssential;
import static dev.backroom.agent.reconcile.Fixtures.policy;
import static dev.backroom.agent.reconcile.Fixtures.ranked;
import static dev.backroom.agent.reconcile.Fixtures.record;
import static dev.backroom.agent.reconcile.Fixtures.running;
import static dev.backroom.agent.reconcile.Fixtures.runningSince;
import static dev.backroom.agent.reconcile.Fixtures.startTimeout;
import static dev.backroom.agent.reconcile.Fixtures.task;
import static dev.backroom.agent.reconcile.Fixtures.volumesFrom;
import static dev.backroom.agent.reconcile.Fixtures.withHealth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.reconcile.ContainerReconcilerTest.Case;
import dev.backroom.agent.reconcile.ContainerReconcilerTest.Expect;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.RestartPolicy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ECS task lifecycle on the device: dependsOn at startup, startTimeout, reverse shutdown in
 * waves (a container stops only once the higher-ranked ones of its task are gone).
 */
class TaskLifecycleTest {
  private static final RestartPolicy NEVER = policy(RestartPolicy.NEVER, null);

  private static ContainerDefinition db() {
    return withHealth("db");
  }

  private static ContainerDefinition app(String... deps) {
    return dependsOn(container("app"), deps);
  }

  /** A one-off job: not essential, never restarted. */
  private static ContainerDefinition migrate(String... deps) {
    return dependsOn(nonEssential("migrate", NEVER), deps);
  }

  private static ObservedContainer health(ObservedContainer o, String health) {
    return Fixtures.withHealth(o, health);
  }

  static Stream<Case> dependsOnCases() {
    return Stream.of(
        new Case("nothing yet: db is created, app waits for it",
            desired(task("t1", "h1", app("db:HEALTHY"), db())), List.of(), Map.of(), at(0),
            Expect.none().create("t1/db").waits("t1/app")),
        new Case("HEALTHY: db starting, app waits",
            desired(task("t1", "h1", app("db:HEALTHY"), db())),
            List.of(health(running("c1", "t1", "db", "h1"), "starting")), Map.of(), at(0),
            Expect.none().keep("c1").waits("t1/app")),
        new Case("HEALTHY: db healthy, app is created",
            desired(task("t1", "h1", app("db:HEALTHY"), db())),
            List.of(health(running("c1", "t1", "db", "h1"), "healthy")), Map.of(), at(0),
            Expect.none().keep("c1").create("t1/app")),
        new Case("HEALTHY: unhealthy within db's startTimeout, app waits",
            desired(task("t1", "h1", app("db:HEALTHY"), startTimeout(db(), 60))),
            List.of(health(runningSince("c1", "t1", "db", "h1", at(-59)), "unhealthy")),
            Map.of(), at(0), Expect.none().keep("c1").waits("t1/app")),
        new Case("HEALTHY: not healthy when db's startTimeout ran out, essential app never "
            + "starts and the task stops",
            desired(task("t1", "h1", app("db:HEALTHY"), startTimeout(db(), 60))),
            List.of(health(runningSince("c1", "t1", "db", "h1", at(-60)), "starting")),
            Map.of(), at(0), Expect.none().done("t1/app").stop("c1")),
        new Case("HEALTHY reached long after the startTimeout still opens (a recreated app)",
            desired(task("t1", "h1", app("db:HEALTHY"), startTimeout(db(), 60))),
            List.of(health(runningSince("c1", "t1", "db", "h1", at(-3600)), "healthy")),
            Map.of(), at(0), Expect.none().keep("c1").create("t1/app")),
        new Case("HEALTHY on a container without a health check can never be met",
            desired(task("t1", "h1", app("db:HEALTHY"), container("db"))),
            List.of(running("c1", "t1", "db", "h1")), Map.of(), at(0),
            Expect.none().done("t1/app").stop("c1")),
        new Case("HEALTHY: db exited and restarts, app keeps waiting",
            desired(task("t1", "h1", app("db:HEALTHY"), db())),
            List.of(exited("c1", "t1", "db", "h1", 1, at(-5), at(-1))), Map.of(), at(0),
            Expect.none().start("c1").waits("t1/app")),
        new Case("START: db created but not started, app waits",
            desired(task("t1", "h1", app("db:START"), container("db"))),
            List.of(inState("c1", "t1", "db", "h1", "created")), Map.of(), at(0),
            Expect.none().start("c1").waits("t1/app")),
        new Case("START: db running, app is created",
            desired(task("t1", "h1", app("db:START"), container("db"))),
            List.of(running("c1", "t1", "db", "h1")), Map.of(), at(0),
            Expect.none().keep("c1").create("t1/app")),
        new Case("SUCCESS: migrate still running, app waits",
            desired(task("t1", "h1", app("migrate:SUCCESS"), migrate())),
            List.of(running("c1", "t1", "migrate", "h1")), Map.of(), at(0),
            Expect.none().keep("c1").waits("t1/app")),
        new Case("SUCCESS: migrate exited 0, app is created and the task goes on",
            desired(task("t1", "h1", app("migrate:SUCCESS"), migrate())),
            List.of(exited("c1", "t1", "migrate", "h1", 0, at(-5), at(-1))), Map.of(), at(0),
            Expect.none().done("t1/migrate").create("t1/app")),
        new Case("SUCCESS: migrate exited 1 for good, app can never start, the task stops",
            desired(task("t1", "h1", app("migrate:SUCCESS"), migrate())),
            List.of(exited("c1", "t1", "migrate", "h1", 1, at(-5), at(-1))), Map.of(), at(0),
            Expect.none().done("t1/app", "t1/migrate")),
        new Case("SUCCESS: migrate exited 1 and will retry (on-failure), app waits",
            desired(task("t1", "h1", app("migrate:SUCCESS"),
                dependsOn(nonEssential("migrate", policy(RestartPolicy.ON_FAILURE, 3))))),
            List.of(exited("c1", "t1", "migrate", "h1", 1, at(-5), at(-1))), Map.of(), at(0),
            Expect.none().start("c1").waits("t1/app")),
        new Case("SUCCESS: out of retries counts as for good",
            desired(task("t1", "h1", app("migrate:SUCCESS"),
                dependsOn(nonEssential("migrate", policy(RestartPolicy.ON_FAILURE, 3))))),
            List.of(exited("c1", "t1", "migrate", "h1", 1, at(-5), at(-1))),
            Map.of(key("t1", "migrate"), record("h1", 3, 3, at(-5))), at(0),
            Expect.none().done("t1/app", "t1/migrate")),
        new Case("COMPLETE: any exit code will do",
            desired(task("t1", "h1", app("migrate:COMPLETE"), migrate())),
            List.of(exited("c1", "t1", "migrate", "h1", 3, at(-5), at(-1))), Map.of(), at(0),
            Expect.none().done("t1/migrate").create("t1/app")),
        new Case("COMPLETE: still running past its startTimeout, app gives up",
            desired(task("t1", "h1", app("migrate:COMPLETE"), startTimeout(migrate(), 5))),
            List.of(runningSince("c1", "t1", "migrate", "h1", at(-6))), Map.of(), at(0),
            Expect.none().done("t1/app").stop("c1")),
        new Case("START has no timeout: a dependency not started yet is simply waited for",
            desired(task("t1", "h1", app("db:START"), startTimeout(container("db"), 1))),
            List.of(), Map.of(key("t1", "db"), new RestartRecord("h1", 0, 1, at(-0.5), "boom")),
            at(0), Expect.none().waits("t1/app", "t1/db")),
        new Case("a chain: app waits on migrate, which waits on db",
            desired(task("t1", "h1", app("migrate:SUCCESS"), migrate("db:HEALTHY"), db())),
            List.of(health(running("c1", "t1", "db", "h1"), "starting")), Map.of(), at(0),
            Expect.none().keep("c1").waits("t1/app", "t1/migrate")),
        new Case("a chain blocked at its root blocks every dependent",
            desired(task("t1", "h1", app("migrate:SUCCESS"), migrate("db:HEALTHY"),
                container("db"))),
            List.of(running("c1", "t1", "db", "h1")), Map.of(), at(0),
            Expect.none().done("t1/app", "t1/migrate").stop("c1")),
        new Case("a non-essential container that can never start leaves the task running",
            desired(task("t1", "h1", container("main"),
                dependsOn(nonEssential("side"), "job:SUCCESS"), migrateNamed("job"))),
            List.of(running("c1", "t1", "main", "h1"),
                exited("c2", "t1", "job", "h1", 2, at(-5), at(-1))), Map.of(), at(0),
            Expect.none().keep("c1").done("t1/job", "t1/side")),
        new Case("startup only: a running app is kept while db restarts",
            desired(task("t1", "h1", app("db:HEALTHY"), db())),
            List.of(exited("c1", "t1", "db", "h1", 137, at(-9), at(-1)),
                running("c2", "t1", "app", "h1")), Map.of(), at(0),
            Expect.none().keep("c2").start("c1")),
        new Case("startup only: an app that ran restarts though db is not healthy",
            desired(task("t1", "h1", app("db:HEALTHY"), db())),
            List.of(health(running("c1", "t1", "db", "h1"), "unhealthy"),
                exited("c2", "t1", "app", "h1", 1, at(-20), at(-1))), Map.of(), at(0),
            Expect.none().start("c2").keep("c1")),
        new Case("an app created but never started keeps waiting",
            desired(task("t1", "h1", app("db:HEALTHY"), db())),
            List.of(health(running("c1", "t1", "db", "h1"), "unhealthy"),
                inState("c2", "t1", "app", "h1", "created")), Map.of(), at(0),
            Expect.none().keep("c1").waits("t1/app")),
        new Case("a dependency that is not in the task blocks",
            desired(task("t1", "h1", app("ghost:START"))), List.of(), Map.of(), at(0),
            Expect.none().done("t1/app")),
        new Case("volumesFrom orders the start: app waits until data has started",
            desired(task("t1", "h1", volumesFrom(container("app"), "data"),
                container("data"))), List.of(), Map.of(), at(0),
            Expect.none().create("t1/data").waits("t1/app")),
        new Case("volumesFrom: a source created but not started is waited for",
            desired(task("t1", "h1", volumesFrom(container("app"), "data"),
                container("data"))),
            List.of(inState("c1", "t1", "data", "h1", "created")), Map.of(), at(0),
            Expect.none().start("c1").waits("t1/app")),
        new Case("volumesFrom: a source that ran (even exited) lets app be created",
            desired(task("t1", "h1", volumesFrom(container("app"), "data"),
                nonEssential("data", NEVER))),
            List.of(exited("c1", "t1", "data", "h1", 0, at(-5), at(-1))), Map.of(), at(0),
            Expect.none().create("t1/app").done("t1/data")),
        new Case("volumesFrom never blocks: a source that can never start does not stop the"
            + " task (the create fails naming it)",
            desired(task("t1", "h1", volumesFrom(container("app"), "data"),
                dependsOn(nonEssential("data"), "ghost:START"))), List.of(), Map.of(), at(0),
            Expect.none().create("t1/app").done("t1/data")),
        new Case("volumesFrom a container not in the task is left to the create",
            desired(task("t1", "h1", volumesFrom(container("app"), "ghost"))), List.of(),
            Map.of(), at(0), Expect.none().create("t1/app")),
        new Case("a volumesFrom cycle still starts one side first",
            desired(task("t1", "h1", volumesFrom(container("a"), "b"),
                volumesFrom(container("b"), "a"))), List.of(), Map.of(), at(0),
            Expect.none().create("t1/b").waits("t1/a")),
        new Case("a held task is held, dependencies or not",
            desired(held(task("t1", "h1", app("db:HEALTHY"), db()), true)), List.of(),
            Map.of(), at(0), Expect.none().held("t1/app", "t1/db")));
  }

  private static ContainerDefinition migrateNamed(String name) {
    ContainerDefinition m = migrate();
    return new ContainerDefinition(name, m.image(), m.command(), null, null, false, null,
        m.memory(), null, null, null, null, NEVER);
  }

  /** db 0, migrate 1 (depends on db), app 2 (depends on migrate), as recorded at create. */
  private static ObservedContainer leftDb(String state) {
    return ranked(Fixtures.shown(runningSince("c1", "t1", "db", "h1", at(-60)), state), 0);
  }

  private static ObservedContainer leftApp(String state) {
    return ranked(Fixtures.shown(runningSince("c3", "t1", "app", "h1", at(-50)), state), 2);
  }

  private static ObservedContainer leftMigrate() {
    return ranked(exited("c2", "t1", "migrate", "h1", 0, at(-58), at(-55)), 1);
  }

  /** app depends on web, web on db; app, an essential, exited for good. */
  private static dev.backroom.agent.model.DesiredState stoppedStack() {
    return desired(task("t1", "h1", dependsOn(container("app", NEVER), "web:START"),
        dependsOn(nonEssential("web", NEVER), "db:START"), container("db")));
  }

  static Stream<Case> shutdownCases() {
    return Stream.of(
        new Case("a task that left without recorded ranks (an older agent's) goes at once, "
            + "last-started first",
            desired(),
            List.of(runningSince("c1", "t1", "db", "h1", at(-60)),
                exited("c2", "t1", "migrate", "h1", 0, at(-58), at(-55)),
                runningSince("c3", "t1", "app", "h1", at(-50))), Map.of(), at(0),
            Expect.none().remove("c3", "c2", "c1")),
        new Case("a task that left: wave 1 removes the app (and the exited migrate, which "
            + "runs nothing); db waits",
            desired(), List.of(leftDb("running"), leftMigrate(), leftApp("running")), Map.of(),
            at(0), Expect.none().remove("c3", "c2")),
        new Case("a task that left: db waits while the app is being removed",
            desired(), List.of(leftDb("running"), leftApp("removing")), Map.of(), at(0),
            Expect.none().remove("c3")),
        new Case("a task that left: a stopping app holds db back too",
            desired(), List.of(leftDb("running"), leftApp("stopping")), Map.of(), at(0),
            Expect.none().remove("c3")),
        new Case("a task that left: db goes once the app is gone",
            desired(), List.of(leftDb("running")), Map.of(), at(0), Expect.none().remove("c1")),
        new Case("an exited app holds nothing back",
            desired(), List.of(leftDb("running"), leftApp("exited")), Map.of(), at(0),
            Expect.none().remove("c3", "c1")),
        new Case("a paused app holds db back",
            desired(), List.of(leftDb("running"), leftApp("paused")), Map.of(), at(0),
            Expect.none().remove("c3")),
        new Case("db being removed already is not held back by a lower-ranked container",
            desired(), List.of(leftDb("removing"), leftMigrate()), Map.of(), at(0),
            Expect.none().remove("c2", "c1")),
        new Case("a stopped task: web (rank 1) stops first; db, reported stopped, waits",
            stoppedStack(),
            List.of(exited("c1", "t1", "app", "h1", 0, at(-60), at(-1)),
                runningSince("c2", "t1", "web", "h1", at(-70)),
                runningSince("c3", "t1", "db", "h1", at(-30))), Map.of(), at(0),
            Expect.none().done("t1/app", "t1/db").stop("c2")),
        new Case("a stopped task: db keeps waiting while web is stopping",
            stoppedStack(),
            List.of(exited("c1", "t1", "app", "h1", 0, at(-60), at(-1)),
                Fixtures.shown(runningSince("c2", "t1", "web", "h1", at(-70)), "stopping"),
                runningSince("c3", "t1", "db", "h1", at(-30))), Map.of(), at(0),
            Expect.none().done("t1/app", "t1/db", "t1/web")),
        new Case("a stopped task: db stops once web exited",
            stoppedStack(),
            List.of(exited("c1", "t1", "app", "h1", 0, at(-60), at(-1)),
                exited("c2", "t1", "web", "h1", 143, at(-70), at(-1)),
                runningSince("c3", "t1", "db", "h1", at(-30))), Map.of(), at(0),
            Expect.none().done("t1/app", "t1/web").stop("c3")),
        new Case("a spec change removes the dependent first (by the definition's depth)",
            desired(task("t1", "h2", dependsOn(container("web"), "db:START"), container("db"))),
            List.of(running("c1", "t1", "db", "h1"), running("c2", "t1", "web", "h1")),
            Map.of(), at(0), Expect.none().remove("c2").waits("t1/db", "t1/web")),
        new Case("the definition's depth wins over a label for a task still assigned",
            desired(task("t1", "h2", dependsOn(container("web"), "db:START"), container("db"))),
            List.of(ranked(running("c1", "t1", "db", "h1"), 5),
                ranked(running("c2", "t1", "web", "h1"), 0)),
            Map.of(), at(0), Expect.none().remove("c2").waits("t1/db", "t1/web")),
        new Case("a container whose name left the definition goes by its label",
            desired(task("t1", "h2", container("db"))),
            List.of(ranked(running("c1", "t1", "db", "h1"), 0),
                ranked(running("c2", "t1", "cache", "h1"), 1)),
            Map.of(), at(0), Expect.none().remove("c2").waits("t1/db")),
        new Case("a kept container holds nothing back: a duplicate db goes while app runs",
            desired(task("t1", "h1", dependsOn(container("web"), "db:START"), container("db"))),
            List.of(running("c1", "t1", "db", "h1"), running("c2", "t1", "db", "h1"),
                running("c3", "t1", "web", "h1")),
            Map.of(), at(0), Expect.none().remove("c2").keep("c1", "c3")),
        new Case("waves are per task, tasks keep their order",
            desired(),
            List.of(ranked(runningSince("a1", "t1", "db", "h1", at(-60)), 0),
                ranked(runningSince("a2", "t1", "app", "h1", at(-50)), 1),
                runningSince("b1", "t2", "web", "h1", at(-10))), Map.of(), at(0),
            Expect.none().remove("a2", "b1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dependsOnCases")
  void dependsOn_gatesTheFirstStart(Case c) {
    ContainerReconcilerTest.assertResults(c.expect(),
        ContainerReconciler.compute(c.desired(), c.observed(), c.book(), c.now()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shutdownCases")
  void shutdown_goesInWaves_dependentsFirst(Case c) {
    dependsOn_gatesTheFirstStart(c);
  }

  @Test
  void aStopHeldBackForItsDependents_isReportedStoppedWithWhy() {
    ReconcileResult r = ContainerReconciler.compute(stoppedStack(),
        List.of(exited("c1", "t1", "app", "h1", 0, at(-60), at(-1)),
            runningSince("c2", "t1", "web", "h1", at(-70)),
            runningSince("c3", "t1", "db", "h1", at(-30))), Map.of(), at(0));
    ReconcileResult.Done db = r.done().stream()
        .filter(d -> d.desired().key().containerName().equals("db")).findFirst().orElseThrow();
    assertEquals("c3", db.observed().id());
    assertEquals("task stopped: essential container app stopped for good; stops once its "
        + "dependents have", db.reason());
  }

  /** config's realistic pos-stack-depends.json: db, migrate (init, SUCCESS), api. */
  private static dev.backroom.config.model.TaskDefinition posStack() throws Exception {
    java.nio.file.Path file = java.nio.file.Path.of("..", "config", "src", "test", "resources",
        "ecs", "realistic", "pos-stack-depends.json");
    return dev.backroom.config.json.Json.read(java.nio.file.Files.readString(file),
        dev.backroom.config.model.TaskDefinition.class);
  }

  private static dev.backroom.agent.model.DesiredState posStack(
      java.util.function.UnaryOperator<ContainerDefinition> migrate) throws Exception {
    dev.backroom.config.model.TaskDefinition td = posStack();
    List<ContainerDefinition> cs = td.containerDefinitions().stream()
        .map(c -> c.name().equals("migrate") ? migrate.apply(c) : c).toList();
    dev.backroom.config.model.TaskDefinition changed = new dev.backroom.config.model
        .TaskDefinition(td.family(), td.revision(), cs, td.cpu(), td.memory(), td.networkMode(),
        td.volumes());
    return desired(new dev.backroom.mqtt.message.AssignedTask("t1", "svc-t1", changed, "h1"));
  }

  private static List<ObservedContainer> posStackUp() {
    return List.of(health(running("c1", "t1", "db", "h1"), "healthy"),
        exited("c2", "t1", "migrate", "h1", 0, at(-50), at(-40)),
        running("c3", "t1", "api", "h1"));
  }

  @Test
  void anInitContainerWithoutRestartPolicy_runsToCompletion_neverAgain() throws Exception {
    ReconcileResult r = ContainerReconciler.compute(posStack(c -> c), posStackUp(), Map.of(),
        at(0));
    ContainerReconcilerTest.assertResults(Expect.none().keep("c3", "c1").done("t1/migrate"), r);
    assertEquals("exited 0, policy never after 0 restarts", r.done().get(0).reason());
  }

  @Test
  void anInitContainerWithAnExplicitRestartPolicy_keepsItAsWritten() throws Exception {
    ReconcileResult r = ContainerReconciler.compute(posStack(c -> Fixtures.dependsOn(
        nonEssential("migrate", policy(RestartPolicy.ALWAYS, null)), "db:HEALTHY")),
        posStackUp(), Map.of(), at(0));
    ContainerReconcilerTest.assertResults(Expect.none().start("c2").keep("c3", "c1"), r);
  }

  @Test
  void anInitContainerThatFailed_blocksItsDependentAsNever() throws Exception {
    ReconcileResult r = ContainerReconciler.compute(posStack(c -> c),
        List.of(health(running("c1", "t1", "db", "h1"), "healthy"),
            exited("c2", "t1", "migrate", "h1", 1, at(-50), at(-40))), Map.of(), at(0));
    assertEquals("not started: migrate exited 1 and will not restart, so it can never be"
        + " SUCCESS", r.done().stream().filter(d -> d.desired().key().containerName()
        .equals("api")).findFirst().orElseThrow().reason());
  }

  @Test
  void aWait_saysWhatItWaitsFor_andWakesAtTheTimeout() {
    ReconcileResult r = ContainerReconciler.compute(
        desired(task("t1", "h1", app("db:HEALTHY"), startTimeout(db(), 60))),
        List.of(health(runningSince("c1", "t1", "db", "h1", at(-10)), "starting")), Map.of(),
        at(0));
    ReconcileResult.Wait w = r.waits().get(0);
    assertEquals("waiting for db HEALTHY (db started " + at(-10) + ", startTimeout 60 s)",
        w.reason());
    assertEquals(at(50), w.until());
    assertEquals(at(50), r.nextWakeUp().orElseThrow());
  }

  @Test
  void aWaitWithoutTimeout_hasNoWakeUp_theEventsOrTheTickBringTheNextPass() {
    ReconcileResult r = ContainerReconciler.compute(
        desired(task("t1", "h1", app("db:HEALTHY"), db())), List.of(), Map.of(), at(0));
    assertEquals("waiting for db HEALTHY (db not started yet)", r.waits().get(0).reason());
    assertNull(r.waits().get(0).until());
    assertEquals(java.util.Optional.empty(), r.nextWakeUp());
  }

  @Test
  void aTimedOutDependency_isNamedInTheReasons() {
    ReconcileResult r = ContainerReconciler.compute(
        desired(task("t1", "h1", app("db:HEALTHY"), startTimeout(db(), 60))),
        List.of(health(runningSince("c1", "t1", "db", "h1", at(-61)), "unhealthy")), Map.of(),
        at(0));
    assertEquals("not started: db did not reach HEALTHY within its startTimeout of 60 s "
        + "(started " + at(-61) + ")", r.done().get(0).reason());
    assertEquals("task stopped: essential container app did not start", r.stop().get(0).reason());
  }
}
