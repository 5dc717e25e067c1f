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
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.mqtt.message.AssignedTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Invariants of the reconciler over random worlds from seeded {@link Random}s (replayable). */
class ContainerReconcilerPropertyTest {
  private static final String[] STATES =
      {"running", "running", "exited", "exited", "created", "paused", "restarting", "dead"};
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
    return LongStream.range(0, 300).mapToObj(ContainerReconcilerPropertyTest::world);
  }

  static World world(long seed) {
    Random rnd = new Random(seed);
    List<AssignedTask> tasks = new ArrayList<>();
    int nTasks = rnd.nextInt(5);
    for (int t = 0; t < nTasks; t++) {
      List<ContainerDefinition> cs = new ArrayList<>();
      int nc = 1 + rnd.nextInt(3);
      for (int c = 0; c < nc; c++) {
        RestartPolicy p = new RestartPolicy(null, POLICIES[rnd.nextInt(3)],
            rnd.nextBoolean() ? null : rnd.nextInt(4), rnd.nextBoolean() ? List.of(3) : null,
            null);
        cs.add(Fixtures.container("c" + c, p));
      }
      AssignedTask task = Fixtures.task("t" + t, "h" + rnd.nextInt(3),
          cs.toArray(ContainerDefinition[]::new));
      tasks.add(rnd.nextInt(4) == 0 ? Fixtures.held(task, true) : task);
    }
    DesiredState desired = Fixtures.desired(tasks.toArray(AssignedTask[]::new));
    Instant now = T0.plusSeconds(100);
    List<ObservedContainer> observed = new ArrayList<>();
    int nObs = rnd.nextInt(10);
    for (int i = 0; i < nObs; i++) {
      String device = rnd.nextInt(4) == 0 ? "dev-b" : DEVICE;
      ContainerKey key = rnd.nextInt(8) == 0 ? null
          : new ContainerKey("t" + rnd.nextInt(6), "c" + rnd.nextInt(3));
      Instant started = now.minusMillis(rnd.nextInt(60_000));
      Instant finished = started.plusMillis(rnd.nextInt(20_000));
      String state = STATES[rnd.nextInt(STATES.length)];
      observed.add(new ObservedContainer("id" + i, "n" + i, device, key,
          "h" + rnd.nextInt(3), 1, state, state.equals("exited") ? rnd.nextInt(5) : null,
          null, started, state.equals("running") ? null : finished, null));
    }
    Map<ContainerKey, RestartRecord> book = new HashMap<>();
    for (DesiredContainer d : desired.containers()) {
      if (rnd.nextBoolean()) {
        book.put(d.key(), new RestartRecord(d.specHash(), rnd.nextInt(5), rnd.nextInt(8),
            now.minusMillis(rnd.nextInt(40_000)), rnd.nextBoolean() ? "boom" : null));
      }
    }
    return new World(seed, desired, observed, book, now);
  }

  private static ReconcileResult compute(World w) {
    return ContainerReconciler.compute(w.desired(), w.observed(), w.book(), w.now());
  }

  private static Set<String> touchedIds(ReconcileResult r) {
    Set<String> ids = new HashSet<>();
    r.start().forEach(s -> ids.add(s.observed().id()));
    r.remove().forEach(s -> ids.add(s.observed().id()));
    r.keep().forEach(s -> ids.add(s.observed().id()));
    r.waits().stream().filter(s -> s.observed() != null).forEach(s -> ids.add(s.observed().id()));
    r.stop().forEach(s -> ids.add(s.observed().id()));
    r.done().stream().filter(s -> s.observed() != null).forEach(s -> ids.add(s.observed().id()));
    r.held().stream().filter(s -> s.observed() != null).forEach(s -> ids.add(s.observed().id()));
    return ids;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void neverTouchesAnotherDevicesContainers(World w) {
    Set<String> foreign = w.observed().stream().filter(o -> !o.deviceId().equals(DEVICE))
        .map(ObservedContainer::id).collect(Collectors.toSet());
    Set<String> touched = touchedIds(compute(w));
    touched.retainAll(foreign);
    assertTrue(touched.isEmpty(), "touched foreign containers " + touched);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void neverRemovesTheLiveContainerOfADesiredKeyWithTheSameHash(World w) {
    ReconcileResult r = compute(w);
    Set<String> removed = r.remove().stream().map(x -> x.observed().id())
        .collect(Collectors.toSet());
    for (DesiredContainer d : w.desired().containers()) {
      if (d.held()) {
        continue; // a hold keeps every container, duplicates included: see the hold property
      }
      List<ObservedContainer> same = w.observed().stream()
          .filter(o -> o.deviceId().equals(DEVICE) && d.key().equals(o.key())
              && d.specHash().equals(o.specHash()) && !"dead".equals(o.state()))
          .toList();
      long survivors = same.stream().filter(o -> !removed.contains(o.id())).count();
      if (!same.isEmpty()) {
        assertEquals(1, survivors, d.key() + ": exactly one same-spec container survives");
        assertTrue(r.create().stream().noneMatch(c -> c.desired().key().equals(d.key())),
            d.key() + " must not be recreated while a same-spec container lives");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void sameInputSameOutputWhateverTheOrder(World w) {
    ReconcileResult first = compute(w);
    assertEquals(first, compute(w));
    List<ObservedContainer> shuffled = new ArrayList<>(w.observed());
    Collections.shuffle(shuffled, new Random(w.seed()));
    assertEquals(first, ContainerReconciler.compute(w.desired(), shuffled, w.book(), w.now()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void everyDesiredContainerLandsInExactlyOneBucket(World w) {
    ReconcileResult r = compute(w);
    List<ContainerKey> keys = new ArrayList<>();
    r.create().forEach(x -> keys.add(x.desired().key()));
    r.start().forEach(x -> keys.add(x.desired().key()));
    r.keep().forEach(x -> keys.add(x.desired().key()));
    r.waits().forEach(x -> keys.add(x.desired().key()));
    r.done().forEach(x -> keys.add(x.desired().key()));
    r.held().forEach(x -> keys.add(x.desired().key()));
    r.stop().forEach(x -> keys.add(x.desired().key()));
    List<ContainerKey> expected = w.desired().containers().stream().map(DesiredContainer::key)
        .sorted().toList();
    assertEquals(expected, keys.stream().sorted().toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void neverActsOnAHeldTasksContainers(World w) {
    ReconcileResult r = compute(w);
    Set<String> heldTasks = w.desired().containers().stream().filter(DesiredContainer::held)
        .map(d -> d.key().taskId()).collect(Collectors.toSet());
    Set<String> acted = new HashSet<>();
    r.start().forEach(x -> acted.add(x.observed().key().taskId()));
    r.stop().forEach(x -> acted.add(x.observed().key().taskId()));
    r.remove().stream().filter(x -> x.observed().key() != null)
        .forEach(x -> acted.add(x.observed().key().taskId()));
    r.create().forEach(x -> acted.add(x.desired().key().taskId()));
    acted.retainAll(heldTasks);
    assertTrue(acted.isEmpty(), "acted on held tasks " + acted);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void aTaskWithAnEssentialStoppedForGoodRunsNothingMore(World w) {
    ReconcileResult r = compute(w);
    Set<String> stopped = r.done().stream().filter(d -> d.desired().container().isEssential())
        .map(d -> d.desired().key().taskId()).collect(Collectors.toSet());
    assertTrue(r.create().stream().noneMatch(c -> stopped.contains(c.desired().key().taskId())));
    assertTrue(r.start().stream().noneMatch(c -> stopped.contains(c.desired().key().taskId())));
    assertTrue(r.keep().stream().noneMatch(c -> stopped.contains(c.desired().key().taskId())
        && c.observed().isRunning()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("worlds")
  void aRemovedContainerIsNeverAlsoKeptOrStarted(World w) {
    ReconcileResult r = compute(w);
    Set<String> removed = r.remove().stream().map(x -> x.observed().id())
        .collect(Collectors.toSet());
    assertEquals(r.remove().size(), removed.size(), "removed twice");
    assertFalse(r.keep().stream().anyMatch(k -> removed.contains(k.observed().id())));
    assertFalse(r.start().stream().anyMatch(s -> removed.contains(s.observed().id())));
  }
}
