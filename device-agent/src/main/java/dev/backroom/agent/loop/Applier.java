package dev.backroom.agent.loop;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.model.StopRank;
import dev.backroom.agent.reconcile.ReconcileResult;
import dev.backroom.agent.reconcile.ReconcileResult.Create;
import dev.backroom.agent.reconcile.ReconcileResult.Held;
import dev.backroom.agent.reconcile.ReconcileResult.Remove;
import dev.backroom.agent.reconcile.ReconcileResult.Start;
import dev.backroom.agent.reconcile.ReconcileResult.Stop;
import dev.backroom.agent.reconcile.RestartRecord;
import dev.backroom.agent.runtime.ContainerRuntime;
import dev.backroom.agent.runtime.ContainerRuntimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries out a reconcile result against the runtime and records each attempt in the restart
 * book, success or not, so the next pure pass sees the backoff. Used from the loop thread only.
 *
 * <p>A restart is written ahead: the book, with the attempt already counted, is made durable
 * before the container is started. A crash between the two can only over-count an attempt, so
 * an agent restart can never grant an {@code on-failure} container more than
 * {@code maxAttempts}.
 *
 * <p>Only creations may run before the assignment being applied is durable: each start, stop
 * and removal first calls {@code beforeActing}, which waits for it (see {@link PendingSave}).
 */
final class Applier {
  private static final Logger LOG = Logger.getLogger(Applier.class.getName());

  private final String deviceId;
  private final ContainerRuntime runtime;
  private final Runnable persistBook;
  private final Runnable beforeActing;
  final AtomicLong created = new AtomicLong();
  final AtomicLong started = new AtomicLong();
  final AtomicLong stopped = new AtomicLong();
  final AtomicLong removed = new AtomicLong();
  /**
   * The containers the last {@link #apply} created and started, as running; null when it did
   * anything else (a stop, removal or start of an existing container) or anything failed.
   */
  private List<ObservedContainer> startedNew;

  /**
   * @param persistBook makes the book durable; must not throw
   * @param beforeActing returns once the assignment being applied is durable, or throws, which
   *     ends the apply
   */
  Applier(String deviceId, ContainerRuntime runtime, Runnable persistBook,
      Runnable beforeActing) {
    this.deviceId = deviceId;
    this.runtime = runtime;
    this.persistBook = persistBook;
    this.beforeActing = beforeActing;
  }

  /**
   * A hold ends with a fresh backoff: while a task is held its records lose their streak and
   * error, so on release an exited container is restarted at once, per its policy. Restarts
   * already counted stay counted. Touches the book only, never a container.
   */
  static void recordHolds(ReconcileResult r, Map<ContainerKey, RestartRecord> book) {
    for (Held h : r.held()) {
      book.computeIfPresent(h.desired().key(), (k, rec) -> rec.streak() == 0
          && rec.lastError() == null ? rec
          : new RestartRecord(rec.specHash(), rec.restarts(), 0, rec.lastAttemptAt(), null,
              rec.earlierRestarts(), rec.lastExitCode()));
    }
  }

  /**
   * Stops and removals first, then creations, then starts. A removal of a live container only
   * starts it (the runtime stops it in the background); the reconciler creates a successor in a
   * later pass, once its predecessor is gone and its Docker name free.
   */
  void apply(ReconcileResult r, Map<ContainerKey, RestartRecord> book, Instant now) {
    startedNew = r.stop().isEmpty() && r.remove().isEmpty() && r.start().isEmpty()
        ? new ArrayList<>() : null;
    for (Stop st : r.stop()) {
      beforeActing.run();
      try {
        runtime.stop(st.observed().id());
        stopped.incrementAndGet();
        LOG.log(Level.INFO, "stopped {0} ({1})", new Object[] {st.desired().key(), st.reason()});
      } catch (ContainerRuntimeException e) {
        LOG.log(Level.WARNING, "cannot stop {0}: {1}", new Object[] {st.desired().key(),
            e.getMessage()});
      }
    }
    for (Remove rm : r.remove()) {
      if ("removing".equals(rm.observed().state())) {
        continue; // the runtime is removing it already (its stop grace period runs)
      }
      beforeActing.run();
      try {
        runtime.remove(rm.observed().id());
        removed.incrementAndGet();
        LOG.log(Level.INFO, "removed {0} ({1})", new Object[] {rm.observed().name(), rm.reason()});
      } catch (ContainerRuntimeException e) {
        LOG.log(Level.WARNING, "cannot remove {0}: {1}", new Object[] {rm.observed().name(),
            e.getMessage()});
      }
    }
    for (Create c : r.create()) {
      create(c, book, now);
    }
    for (Start s : r.start()) {
      ContainerKey key = s.desired().key();
      String hash = s.desired().specHash();
      RestartRecord before = book.get(key);
      int counted = before != null && hash.equals(before.specHash()) ? before.restarts() : 0;
      // the exit code of the run being restarted, kept while the container runs again
      Integer exit = s.observed() != null
          && ObservedContainer.EXITED.equals(s.observed().state()) ? s.observed().exitCode() : null;
      beforeActing.run();
      if (s.restarts() > counted) {
        book.put(key, new RestartRecord(hash, s.restarts(), s.streakIfFailed(), now, null)
            .carrying(before, false, exit));
        persistBook.run();
      }
      try {
        runtime.start(s.observed().id());
        started.incrementAndGet();
        book.put(key, new RestartRecord(hash, s.restarts(), s.streakIfStarted(), now, null)
            .carrying(before, false, exit));
        LOG.log(Level.INFO, "started {0} ({1}, restart #{2})",
            new Object[] {key, s.reason(), s.restarts()});
      } catch (ContainerRuntimeException e) {
        book.put(key, new RestartRecord(hash, s.restarts(), s.streakIfFailed(), now,
            e.getMessage()).carrying(before, false, exit));
        LOG.log(Level.WARNING, "cannot start {0}: {1}", new Object[] {key, e.getMessage()});
      }
    }
  }

  /**
   * What the engine holds after the last {@link #apply}, assumed rather than listed: {@code
   * before} (what that apply was computed from) plus the containers it created and started, as
   * running without a start time. Empty when that apply did anything else or anything failed:
   * then only a new list tells what the engine holds.
   */
  Optional<List<ObservedContainer>> assumedAfter(List<ObservedContainer> before) {
    if (startedNew == null || startedNew.isEmpty()) {
      return Optional.empty();
    }
    List<ObservedContainer> out = new ArrayList<>(before);
    out.addAll(startedNew);
    return Optional.of(out);
  }

  /** Whether {@code r} acts only by creating containers, which an assumed view may decide. */
  static boolean onlyCreates(ReconcileResult r) {
    return !r.create().isEmpty() && r.stop().isEmpty() && r.remove().isEmpty()
        && r.start().isEmpty();
  }

  private void create(Create c, Map<ContainerKey, RestartRecord> book, Instant now) {
    ContainerKey key = c.desired().key();
    String hash = c.desired().specHash();
    RestartRecord before = book.get(key);
    String id = null;
    try {
      id = runtime.create(c.desired());
      created.incrementAndGet();
      beforeActing.run();
      runtime.start(id);
      started.incrementAndGet();
      // A new container where one of this spec ran before is a restart the technician sees.
      book.put(key, RestartRecord.fresh(hash, now).carrying(before, true, null));
      if (startedNew != null) {
        startedNew.add(new ObservedContainer(id, id, deviceId, key, hash,
            c.desired().generation(), ObservedContainer.RUNNING, null, null, null, null, null,
            List.of(), StopRank.of(c.desired())));
      }
      LOG.log(Level.INFO, "created and started {0} as {1} ({2})",
          new Object[] {key, id.substring(0, Math.min(12, id.length())), c.reason()});
    } catch (ContainerRuntimeException e) {
      startedNew = null;
      // A container that was created but did not start stays; the next pass retries its start.
      int streak = id == null ? c.priorFailures() + 1 : 1;
      book.put(key, new RestartRecord(hash, 0, streak, now, e.getMessage())
          .carrying(before, id != null, null));
      LOG.log(Level.WARNING, "cannot run {0}: {1}", new Object[] {key, e.getMessage()});
    }
  }
}
