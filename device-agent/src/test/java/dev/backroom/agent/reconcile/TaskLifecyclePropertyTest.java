package dev.backroom.agent.reconcile;

import static dev.backroom.agent.reconcile.Fixtures.DEVICE;
import static dev.backroom.agent.reconcile.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.model.StopRank;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.mqtt.message.AssignedTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants of dependsOn and shutdown order (in waves) over random tasks whose containers form
 * random dependency DAGs, in random states, next to orphans of tasks that left with random
 * recorded stop ranks (seeded, so any failure replays by its seed).
 */
class TaskLifecyclePropertyTest {
  private static final String[] STATES = {"running", "exited", "exited", "created", "dead",
      "running", "stopping", "removing", "paused"};
  private static final String[] ORPHAN_STATES = {"running", "running", "stopping", "removing",
      "paused", "exited", "created", "dead"};
  private static final String[] HEALTH = {null, "starting", "healthy", "unhealthy"};
  private static final String[] POLICIES =
      {RestartPolicy.ALWAYS, RestartPolicy.ON_FAILURE, RestartPolicy.NEVER};

  record World(long seed, DesiredState desired, List<ObservedContainer> observed,
      Map<ContainerKey, RestartRecord> book, Instant now) {
    @Override
    public String toString() {
      return "seed " + seed;
    }
  }

  static Stream<World> worlds() {
    return LongStream.range(0, 400).mapToObj(TaskLifecyclePropertyTest::world);
  }

  static World world(long seed) {
    Random rnd = new Random(seed);
    Instant now = T0.plusSeconds(1000);
    List<AssignedTask> tasks = new ArrayList<>();
    List<ObservedContainer> observed = new ArrayList<>();
    int nTasks = 1 + rnd.nextInt(3);
    for (int t = 0; t < nTasks; t++) {
      List<ContainerDefinition> cs = new ArrayList<>();
      int nc = 1 + rnd.nextInt(5);
      for (int c = 0; c < nc; c++) {
        ContainerDefinition def = rnd.nextBoolean() ? Fixtures.withHealth("c" + c)
            : Fixtures.container("c" + c);
        RestartPolicy p = new RestartPolicy(null, POLICIES[rnd.nextInt(3)],
            rnd.nextBoolean() ? null : rnd.nextInt(3), null, null);
        def = new ContainerDefinition(def.name(), def.image(), def.command(), null, null,
            rnd.nextInt(3) > 0, null, def.memory(), null, null, null, def.healthCheck(), p);
        List<String> deps = new ArrayList<>();
        for (int d = 0; d < c; d++) { // only on earlier containers: a DAG, as validated
          if (rnd.nextInt(3) == 0) {
            deps.add("c" + d + ":" + ContainerDependency.CONDITIONS.get(rnd.nextInt(4)));
          }
        }
        def = Fixtures.dependsOn(def, deps.toArray(String[]::new));
        if (rnd.nextBoolean()) {
          def = Fixtures.startTimeout(def, 1 + rnd.nextInt(120));
        }
        cs.add(def);
      }
      String task = "t" + t;
      String hash = "h" + rnd.nextInt(2);
      tasks.add(Fixtures.task(task, hash, cs.toArray(ContainerDefinition[]::new)));
      for (int c = 0; c < nc; c++) {
        if (rnd.nextInt(4) == 0) {
          continue; // missing
        }
        String state = STATES[rnd.nextInt(STATES.length)];
        boolean ran = !state.equals("created") && !state.equals("dead");
        Instant started = ran ? now.minusSeconds(rnd.nextInt(200)) : null;
        observed.add(new ObservedContainer(task + "-c" + c, task + "-c" + c, DEVICE,
            new ContainerKey(task, "c" + c), rnd.nextInt(5) == 0 ? "h9" : hash, 1, state,
            state.equals("exited") ? rnd.nextInt(3) : null,
            state.equals("running") ? HEALTH[rnd.nextInt(4)] : null, started,
            state.equals("exited") ? started.plusSeconds(1) : null, null, List.of(),
            rnd.nextInt(3))); // a label the definition overrides
      }
    }
    // Orphans of tasks that left the assignment, with the stop ranks recorded at create time.
    int orphans = rnd.nextInt(6);
    for (int i = 0; i < orphans; i++) {
      String state = ORPHAN_STATES[rnd.nextInt(ORPHAN_STATES.length)];
      observed.add(new ObservedContainer("o" + i, "o" + i, DEVICE, new ContainerKey(
          "gone" + rnd.nextInt(2), "x" + i), "h0", 1, state, null, null,
          now.minusSeconds(rnd.nextInt(100)), null, null, List.of(), rnd.nextInt(3)));
    }
    Map<ContainerKey, RestartRecord> book = new HashMap<>();
    DesiredState desired = Fixtures.desired(tasks.toArray(AssignedTask[]::new));
    for (DesiredContainer d : desired.containers()) {
      if (rnd.nextInt(3) == 0) {
        book.put(d.key(), new RestartRecord(d.specHash(), rnd.nextInt(4), 0, now.minusSeconds(30),
            null));
      }
    }
    return new World(seed, desired, observed, book, now);
  }

  private static ReconcileResult compute(World w) {
    return ContainerReconciler.compute(w.desired(), w.observed(), w.book(), w.now());
  }

  /** The container a key is reconciled against: the one with the desired spec, if alive. */
  private static ObservedContainer chosen(World w, DesiredContainer d) {
    return w.observed().stream().filter(o -> d.key().equals(o.key())
        && d.specHash().equals(o.specHash())).findFirst().orElse(null);
  }

  private static DesiredContainer desired(World w, ContainerKey key) {
    return w.desired().containers().stream().filter(d -> d.key().equals(key)).findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void nothingStartsForTheFirstTimeBeforeItsDependenciesReachedTheirConditions(World w) {
    ReconcileResult r = compute(w);
    List<DesiredContainer> firstStarts = new ArrayList<>();
    r.create().forEach(c -> firstStarts.add(c.desired()));
    r.start().stream().filter(s -> !s.observed().wasStarted())
        .forEach(s -> firstStarts.add(s.desired()));
    for (DesiredContainer d : firstStarts) {
      for (ContainerDependency dep : d.container().dependencies()) {
        DesiredContainer target = desired(w, new ContainerKey(d.key().taskId(),
            dep.containerName()));
        ObservedContainer o = chosen(w, target);
        assertTrue(o != null && !"dead".equals(o.state())
                && DependencyGate.reached(dep.condition(), o),
            d.key() + " started before " + dep.containerName() + " reached "
                + dep.condition() + ": " + o);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void aContainerThatRanIsNeverHeldBackByItsDependencies(World w) {
    ReconcileResult r = compute(w);
    for (ReconcileResult.Wait wait : r.waits()) {
      if (wait.reason().startsWith("waiting for")) {
        assertFalse(wait.observed() != null && wait.observed().wasStarted(), wait.toString());
      }
    }
    for (ReconcileResult.Done done : r.done()) {
      if (done.reason().startsWith("not started")) {
        assertFalse(done.observed() != null && done.observed().wasStarted(), done.toString());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void aDependencyWaitWakesNoEarlierThanNow(World w) {
    for (ReconcileResult.Wait wait : compute(w).waits()) {
      assertTrue(wait.until() == null || wait.until().isAfter(w.now()), wait.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void stopsAndRemovalsGoDependentsFirst(World w) {
    ReconcileResult r = compute(w);
    assertDependentsFirst(w, r.stop().stream().map(ReconcileResult.Stop::observed).toList());
    assertDependentsFirst(w, r.remove().stream().map(ReconcileResult.Remove::observed)
        .toList());
  }

  /**
   * For tasks in the assignment by definition; for others by recorded rank, then by start time,
   * latest first.
   */
  private static void assertDependentsFirst(World w, List<ObservedContainer> order) {
    Set<String> desiredTasks = new HashSet<>();
    w.desired().tasks().forEach(t -> desiredTasks.add(t.taskId()));
    for (int i = 0; i < order.size(); i++) {
      for (int j = i + 1; j < order.size(); j++) {
        ObservedContainer first = order.get(i);
        ObservedContainer later = order.get(j);
        if (first.key() == null || later.key() == null
            || !first.key().taskId().equals(later.key().taskId())) {
          continue;
        }
        if (desiredTasks.contains(first.key().taskId())) {
          assertFalse(dependsOn(w, later.key(), first.key().containerName(), new HashSet<>()),
              later.key() + " depends on " + first.key() + " but goes after it: " + order);
        } else if (first.stopRank() != later.stopRank()) {
          assertTrue(first.stopRank() > later.stopRank(), "a task that left: " + later.id()
              + " of a higher recorded rank goes after " + first.id());
        } else if (first.startedAt() != null && later.startedAt() != null) {
          assertFalse(later.startedAt().isAfter(first.startedAt()),
              "a task that left: later-started " + later.id() + " goes after " + first.id());
        }
      }
    }
  }

  /** Whether {@code key}'s container depends, directly or not, on {@code target}. */
  private static boolean dependsOn(World w, ContainerKey key, String target, Set<String> seen) {
    if (!seen.add(key.containerName())) {
      return false;
    }
    DesiredContainer d = w.desired().containers().stream().filter(x -> x.key().equals(key))
        .findFirst().orElse(null);
    if (d == null) {
      return false;
    }
    for (ContainerDependency dep : d.container().dependencies()) {
      if (dep.containerName().equals(target) || dependsOn(w,
          new ContainerKey(key.taskId(), dep.containerName()), target, seen)) {
        return true;
      }
    }
    return false;
  }

  /** The rank by the task's definition while it is assigned, else by the container's label. */
  private static int rank(World w, ObservedContainer o) {
    for (AssignedTask t : w.desired().tasks()) {
      if (t.taskId().equals(o.key().taskId())) {
        Integer d = StopRank.depths(t.taskDefinition()).get(o.key().containerName());
        if (d != null) {
          return d;
        }
      }
    }
    return o.stopRank();
  }

  private static boolean alive(ObservedContainer o) {
    return Set.of("running", "restarting", "paused", "stopping", "removing").contains(o.state());
  }

  /** Kept running by this pass, or left alone by a hold: not shutting down. */
  private static boolean staying(World w, ReconcileResult r, ObservedContainer o) {
    boolean kept = r.keep().stream().anyMatch(k -> k.observed().id().equals(o.id()))
        && !Set.of("stopping", "removing").contains(o.state());
    boolean held = r.held().stream().anyMatch(h -> h.desired().key().taskId()
        .equals(o.key().taskId()));
    return kept || held;
  }

  private static List<ObservedContainer> acted(ReconcileResult r) {
    List<ObservedContainer> out = new ArrayList<>();
    r.stop().forEach(x -> out.add(x.observed()));
    r.remove().forEach(x -> out.add(x.observed()));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void nothingLiveStopsWhileAHigherRankedContainerOfItsTaskIsShuttingDown(World w) {
    ReconcileResult r = compute(w);
    for (ObservedContainer x : acted(r)) {
      if (x.key() == null || !alive(x)) {
        continue; // a container that runs nothing is never held back
      }
      for (ObservedContainer y : w.observed()) {
        if (y.key() != null && y.key().taskId().equals(x.key().taskId()) && alive(y)
            && rank(w, y) > rank(w, x)) {
          assertTrue(staying(w, r, y), x.id() + " (rank " + rank(w, x) + ") goes while "
              + y.id() + " (rank " + rank(w, y) + ", " + y.state() + ") is shutting down");
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void aTaskThatLeftAlwaysHasSomethingToRemove_soShutdownNeverStalls(World w) {
    ReconcileResult r = compute(w);
    Set<String> assigned = new HashSet<>();
    w.desired().tasks().forEach(t -> assigned.add(t.taskId()));
    Set<String> removing = new HashSet<>();
    r.remove().forEach(x -> removing.add(x.observed().key().taskId()));
    for (ObservedContainer o : w.observed()) {
      if (!assigned.contains(o.key().taskId())) {
        assertTrue(removing.contains(o.key().taskId()),
            "task " + o.key().taskId() + " left but nothing of it is removed: " + r.remove());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void noContainerIsCreatedWhileAPredecessorOfItsKeyIsLive(World w) {
    ReconcileResult r = compute(w);
    for (ReconcileResult.Create c : r.create()) {
      for (ObservedContainer o : w.observed()) {
        assertFalse(c.desired().key().equals(o.key()) && alive(o),
            c.desired().key() + " created while " + o.id() + " (" + o.state()
                + ") still holds its name");
      }
    }
  }

  /** The worlds are not vacuous: every rule above is exercised many times. */
  @org.junit.jupiter.api.Test
  void theWorldsExerciseEveryRule() {
    int waited = 0;
    int blocked = 0;
    int gatedStarts = 0;
    int orderedShutdowns = 0;
    int heldBack = 0;
    int replacementsWaited = 0;
    for (World w : worlds().toList()) {
      ReconcileResult r = compute(w);
      replacementsWaited += (int) r.waits().stream()
          .filter(x -> x.reason().startsWith("previous container")).count();
      waited += (int) r.waits().stream().filter(x -> x.reason().startsWith("waiting for"))
          .count();
      blocked += (int) r.done().stream().filter(x -> x.reason().startsWith("not started"))
          .count();
      gatedStarts += (int) r.create().stream()
          .filter(c -> !c.desired().container().dependencies().isEmpty()).count();
      orderedShutdowns += r.stop().size() + r.remove().size() > 1 ? 1 : 0;
      List<ObservedContainer> acted = acted(r);
      heldBack += (int) w.observed().stream().filter(o -> alive(o) && !staying(w, r, o)
          && !acted.contains(o) && !"stopping".equals(o.state())).count();
    }
    // Gated creates are fewer since a replacement waits for its predecessor first.
    assertTrue(waited > 50 && blocked > 50 && gatedStarts > 10 && orderedShutdowns > 50
            && heldBack > 50 && replacementsWaited > 50,
        "waited " + waited + ", blocked " + blocked + ", gated starts " + gatedStarts
            + ", shutdowns of several " + orderedShutdowns + ", held back " + heldBack
            + ", replacements waited " + replacementsWaited);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void theSameWorldGivesTheSameDecisions(World w) {
    assertEquals(compute(w), compute(w));
  }
}
