package dev.backroom.agent.reconcile;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.reconcile.ReconcileResult.Create;
import dev.backroom.agent.reconcile.ReconcileResult.Done;
import dev.backroom.agent.reconcile.ReconcileResult.Held;
import dev.backroom.agent.reconcile.ReconcileResult.Keep;
import dev.backroom.agent.reconcile.ReconcileResult.Remove;
import dev.backroom.agent.reconcile.ReconcileResult.Start;
import dev.backroom.agent.reconcile.ReconcileResult.Stop;
import dev.backroom.agent.reconcile.ReconcileResult.Wait;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Diffs the desired containers against the observed ones, Nomad style: it returns buckets and
 * touches nothing. Time is a parameter, so a decision can be replayed.
 *
 * <p>A container that never ran is created or started only once its {@code dependsOn}
 * conditions hold ({@link DependencyGate}); a replacement is created only once its predecessor
 * (same key, older spec or dead) is gone, as both need the same Docker name
 * ({@link ReplacementWait}); once an essential container stopped for good, its task stops
 * ({@link EssentialTaskStop}); stops and removals come dependents first, in waves: a task's
 * container is stopped only once its dependents are gone ({@link ShutdownOrder}), so the buckets
 * may hold only part of what is to stop and later passes bring the rest.
 *
 * <p>Invariants (see the property tests): containers labelled with another device id are never
 * in any bucket; a live container whose key is desired with the same spec hash is never removed
 * (only surplus duplicates are); the containers of a held task are in no acting bucket; no live
 * container is stopped or removed while a live container of its task with a higher stop rank is
 * shutting down, yet a task shutting down always has something in the buckets or under way; the
 * same input always gives the same output.
 */
public final class ContainerReconciler {

  /** Prefers running, then not dead, then the lowest id, so duplicates resolve the same way. */
  private static final Comparator<ObservedContainer> BEST =
      Comparator.comparing((ObservedContainer o) -> !o.isRunning())
          .thenComparing(o -> ObservedContainer.DEAD.equals(o.state()))
          .thenComparing(ObservedContainer::id);

  /** Container restarts back off from 1 s, doubling, up to 30 s. */
  static final Backoff RESTARTS = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
  /** A container that ran this long before failing starts a new streak of quick failures. */
  static final Duration RESET_AFTER = Duration.ofSeconds(10);

  private ContainerReconciler() {}

  /**
   * @param desired what the assignment asks for on this device
   * @param observed what the runtime reports; other devices' containers are ignored
   * @param book restart bookkeeping per key; missing keys mean no history
   * @param now the time of this pass
   */
  public static ReconcileResult compute(DesiredState desired, List<ObservedContainer> observed,
      Map<ContainerKey, RestartRecord> book, Instant now) {
    List<Create> create = new ArrayList<>();
    List<Start> start = new ArrayList<>();
    List<Remove> remove = new ArrayList<>();
    List<Keep> keep = new ArrayList<>();
    List<Wait> waits = new ArrayList<>();
    List<Done> done = new ArrayList<>();
    List<Held> held = new ArrayList<>();

    Map<ContainerKey, List<ObservedContainer>> byKey = new TreeMap<>();
    List<ObservedContainer> sorted = observed.stream()
        .filter(o -> Objects.equals(o.deviceId(), desired.deviceId()))
        .sorted(Comparator.comparing(ObservedContainer::id))
        .toList();
    for (ObservedContainer o : sorted) {
      if (o.key() == null) {
        remove.add(new Remove(o, "managed container without task labels"));
      } else {
        byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
      }
    }

    Map<ContainerKey, DesiredContainer> wanted = new TreeMap<>();
    Set<String> heldTasks = new TreeSet<>();
    for (DesiredContainer d : desired.containers()) {
      wanted.put(d.key(), d);
      if (d.held()) {
        heldTasks.add(d.key().taskId());
      }
    }
    for (Map.Entry<ContainerKey, List<ObservedContainer>> e : byKey.entrySet()) {
      // A held task's container stays even when its definition no longer names it.
      if (!wanted.containsKey(e.getKey()) && !heldTasks.contains(e.getKey().taskId())) {
        e.getValue().forEach(o -> remove.add(new Remove(o, "not in assignment")));
      }
    }

    // The container each desired key is reconciled against, chosen before any decision so the
    // dependency gate sees every sibling's state.
    Map<ContainerKey, ObservedContainer> chosen = new TreeMap<>();
    Map<String, List<DesiredContainer>> tasks = new TreeMap<>();
    for (DesiredContainer d : wanted.values()) {
      tasks.computeIfAbsent(d.key().taskId(), k -> new ArrayList<>()).add(d);
      List<ObservedContainer> candidates = byKey.getOrDefault(d.key(), List.of());
      if (d.held()) {
        continue;
      }
      List<ObservedContainer> same = new ArrayList<>();
      for (ObservedContainer o : candidates) {
        if (d.specHash().equals(o.specHash())) {
          same.add(o);
        } else {
          remove.add(new Remove(o, "spec hash changed " + o.specHash() + " -> " + d.specHash()));
        }
      }
      same.sort(BEST);
      for (ObservedContainer surplus : same.subList(Math.min(1, same.size()), same.size())) {
        remove.add(new Remove(surplus, "duplicate of " + same.get(0).id()));
      }
      if (!same.isEmpty()) {
        chosen.put(d.key(), same.get(0));
      }
    }

    Map<String, DependencyGate> gates = new TreeMap<>();
    for (DesiredContainer d : wanted.values()) {
      if (d.held()) {
        // A technician's hold: whatever is there (stopped, stale spec, duplicates) stays.
        List<ObservedContainer> candidates = byKey.getOrDefault(d.key(), List.of());
        held.add(new Held(d, candidates.stream().min(sameSpecFirst(d)).orElse(null), "held"));
        continue;
      }
      RestartRecord rec = book.get(d.key());
      if (rec != null && !d.specHash().equals(rec.specHash())) {
        rec = null;
      }
      ObservedContainer o = chosen.get(d.key());
      boolean dead = o != null && ObservedContainer.DEAD.equals(o.state());
      if (dead) {
        remove.add(new Remove(o, "dead, replacing it"));
      }
      if (o == null || dead) {
        Wait untilGone = ReplacementWait.untilPredecessorGone(d,
            byKey.getOrDefault(d.key(), List.of()), o);
        if (untilGone != null) {
          waits.add(untilGone);
          continue;
        }
      }
      if (o == null || dead || ObservedContainer.CREATED.equals(o.state())) {
        // Never ran (or is replaced): its first start waits for its dependencies.
        DependencyGate.Verdict v = gates.computeIfAbsent(d.key().taskId(),
            t -> DependencyGate.forTask(tasks.get(t), chosen, book, now)).verdict(d);
        ObservedContainer kept = dead ? null : o;
        if (v instanceof DependencyGate.Waiting w) {
          waits.add(new Wait(d, kept, w.until(), w.reason()));
          continue;
        }
        if (v instanceof DependencyGate.Blocked b) {
          done.add(new Done(d, kept, "not started: " + b.reason()));
          continue;
        }
      }
      if (o == null || dead) {
        Instant due = dueAt(rec, null, rec == null ? 0 : rec.streak());
        if (due.isAfter(now)) {
          waits.add(new Wait(d, null, due, rec.lastError() != null
              ? "create failed: " + rec.lastError() : "backoff before re-creating"));
        } else {
          create.add(new Create(d, rec == null ? 0 : rec.streak(),
              o == null ? "missing" : "replacing dead container"));
        }
      } else {
        classifyExisting(d, o, rec, now, start, keep, waits, done);
      }
    }
    ReconcileResult r = EssentialTaskStop.apply(
        new ReconcileResult(create, start, List.of(), remove, keep, waits, done, held));
    List<ObservedContainer> leaving = new ArrayList<>();
    r.stop().forEach(s -> leaving.add(s.observed()));
    r.remove().forEach(rm -> leaving.add(rm.observed()));
    ShutdownOrder order = ShutdownOrder.of(desired, sorted, leaving);
    List<Stop> stops = order.wave(r.stop(), Stop::observed);
    List<Done> doneNow = new ArrayList<>(r.done());
    for (Stop st : r.stop()) {
      if (!stops.contains(st)) {
        // Its task is stopping and it is next once its dependents are gone: reported stopped.
        doneNow.add(new Done(st.desired(), st.observed(), st.reason()
            + "; stops once its dependents have"));
      }
    }
    doneNow.sort(Comparator.comparing(d -> d.desired().key()));
    return new ReconcileResult(r.create(), r.start(), stops,
        order.wave(r.remove(), Remove::observed), r.keep(), r.waits(), doneNow, r.held());
  }

  /** For a held key: the container with the desired spec first, then {@link #BEST}. */
  private static Comparator<ObservedContainer> sameSpecFirst(DesiredContainer d) {
    return Comparator.comparing((ObservedContainer o) -> !d.specHash().equals(o.specHash()))
        .thenComparing(BEST);
  }

  private static void classifyExisting(DesiredContainer d, ObservedContainer o, RestartRecord rec,
      Instant now, List<Start> start, List<Keep> keep, List<Wait> waits, List<Done> done) {
    int restarts = rec == null ? 0 : rec.restarts();
    int streak = rec == null ? 0 : rec.streak();
    switch (o.state()) {
      case ObservedContainer.EXITED -> {
        int exitCode = o.exitCode() == null ? -1 : o.exitCode();
        RestartPolicy policy = d.restartPolicy();
        if (!policy.shouldRestart(exitCode, restarts)) {
          done.add(new Done(d, o, "exited " + exitCode + ", policy " + policy.effectivePolicy()
              + " after " + restarts + " restarts"));
          return;
        }
        if (ranLongEnough(o)) {
          streak = 0;
        }
        Instant due = dueAt(rec, o.finishedAt(), streak);
        if (due.isAfter(now)) {
          waits.add(new Wait(d, o, due, "exited " + exitCode + ", restart backoff"));
        } else {
          start.add(new Start(d, o, restarts + 1, streak + 1, streak + 1,
              "exited " + exitCode + ", restart"));
        }
      }
      case ObservedContainer.CREATED -> {
        // Created but never running: our own create whose start failed or was interrupted.
        Instant due = dueAt(rec, null, streak);
        if (due.isAfter(now)) {
          waits.add(new Wait(d, o, due, "start failed: " + rec.lastError()));
        } else {
          start.add(new Start(d, o, restarts, streak, streak + 1, "created, start"));
        }
      }
      default -> keep.add(new Keep(d, o, o.state()));
    }
  }

  private static boolean ranLongEnough(ObservedContainer o) {
    return o.startedAt() != null && o.finishedAt() != null
        && Duration.between(o.startedAt(), o.finishedAt()).compareTo(RESET_AFTER) >= 0;
  }

  /** The later of the last attempt and the exit, plus the streak's delay. */
  private static Instant dueAt(RestartRecord rec, Instant finishedAt, int streak) {
    Instant base = Instant.EPOCH;
    if (rec != null && rec.lastAttemptAt() != null) {
      base = rec.lastAttemptAt();
    }
    if (finishedAt != null && finishedAt.isAfter(base)) {
      base = finishedAt;
    }
    return streak == 0 ? Instant.EPOCH : base.plus(restartDelay(streak));
  }

  /**
   * Delay before the attempt that follows {@code streak} consecutive quick failures: the first
   * restart is immediate, then 1 s, 2 s, 4 s ... capped at 30 s. No jitter: the engine is local,
   * nothing to spread the load of.
   */
  static Duration restartDelay(int streak) {
    return streak <= 0 ? Duration.ZERO : RESTARTS.ceiling(streak - 1);
  }
}
