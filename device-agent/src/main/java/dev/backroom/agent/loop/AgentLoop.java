package dev.backroom.agent.loop;

import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.reconcile.ContainerReconciler;
import dev.backroom.agent.reconcile.ReconcileResult;
import dev.backroom.agent.runtime.ContainerRuntime;
import dev.backroom.agent.runtime.ContainerRuntimeException;
import dev.backroom.agent.state.AssignmentStore;
import dev.backroom.agent.state.RestartBookStore;
import dev.backroom.agent.status.StatusComputer;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.StatusReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Read, compute, apply. Assignments come in verified (see {@code HubLink}) and are ordered by
 * (hub epoch, generation), {@link AssignmentOrder}. All agent state (desired state, restart book, last status) lives on one
 * thread, so nothing here needs locks; other threads only {@link #offer} assignments and
 * {@link #trigger} passes. A pass runs on every accepted assignment, every runtime event, when a
 * backoff expires and every {@code interval}.
 */
public final class AgentLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AgentLoop.class.getName());
  /** Passes that act, per trigger; bounded so a flapping engine cannot spin the loop. */
  private static final int MAX_PASSES = 3;

  private final ContainerRuntime runtime;
  private final AssignmentStore store;
  private final StatusReporter reporter;
  private final Clock clock;
  private final Duration interval;
  private final Applier applier;
  private final PendingSave saving;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicBoolean arriving = new AtomicBoolean();
  /** See {@link #assignmentArriving}; loop thread only. */
  private List<ObservedContainer> arrivalList;
  private final RestartBook book;

  private DesiredState desired;
  private Assignment accepted;
  private boolean runtimeDown;
  private Instant nextWake;
  private volatile long appliedGeneration = -1;

  /**
   * @param bookStore where restart bookkeeping survives agent restarts; loaded by
   *     {@link #start}
   */
  public AgentLoop(String deviceId, ContainerRuntime runtime, AssignmentStore store,
      RestartBookStore bookStore, StatusSink sink, Clock clock, Duration interval) {
    this.runtime = runtime;
    this.store = store;
    this.book = new RestartBook(bookStore);
    this.reporter = new StatusReporter(deviceId, sink);
    this.clock = clock;
    this.interval = interval;
    this.saving = new PendingSave(store, deviceId);
    this.applier = new Applier(deviceId, runtime, book::persist, saving::awaitStored);
    this.desired = DesiredState.nothing(deviceId);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "agent-loop-" + deviceId);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Loads the restart book, enforces the cached assignment at once, without waiting for the
   * broker, then ticks.
   *
   * @param cached the assignment from the local store, if any
   */
  public void start(Assignment cached) {
    thread.execute(() -> {
      book.load();
      if (cached != null) {
        accepted = cached;
        desired = DesiredState.of(cached);
        appliedGeneration = cached.generation();
        LOG.log(Level.INFO, "enforcing cached assignment generation {0} ({1} tasks)",
            new Object[] {cached.generation(), cached.tasks().size()});
      }
      pass();
    });
    long ms = interval.toMillis();
    thread.scheduleWithFixedDelay(this::trigger, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * An assignment is arriving, its signature not yet checked: lists the engine's containers on
   * the loop thread meanwhile, for the pass that applies it (see {@link #offer}). Verifying
   * takes milliseconds (the JDK's Ed25519 and the JSON), and so does the list; they need not
   * wait for each other. The list is taken after the message came and before anything acts on
   * it, so it is as current as one taken by that pass; anything else the loop does first
   * discards it. One at a time: a flood of messages costs no more than one list at once.
   */
  public void assignmentArriving() {
    if (arriving.compareAndSet(false, true)) {
      thread.execute(() -> {
        arriving.set(false);
        try {
          arrivalList = runtime.list();
        } catch (ContainerRuntimeException e) {
          arrivalList = null; // the pass lists again and reports the engine's state
        }
      });
    }
  }

  /** The list taken for an arriving assignment, at most once; null when there is none. */
  private List<ObservedContainer> takeArrivalList() {
    List<ObservedContainer> l = arrivalList;
    arrivalList = null;
    return l;
  }

  /** Hands over an assignment from any thread; it is stored, then acted on at once. */
  public void offer(Assignment a) {
    thread.execute(() -> accept(a));
  }

  /** Asks for a pass soon; many triggers before it runs coalesce into one. */
  public void trigger() {
    if (pending.compareAndSet(false, true)) {
      thread.execute(() -> {
        pending.set(false);
        pass();
      });
    }
  }

  /**
   * Removes the task's containers and runs a pass, which creates new ones (new container ids):
   * the operator's restart. A task this device does not run is ignored. The removals all go to
   * the runtime at once, which stops the containers together in the background: unlike a task
   * leaving the assignment, a restart does not wait for dependents to stop first (the whole
   * task comes back right after, its starts gated by dependsOn as always).
   */
  public void recreate(String taskId) {
    thread.execute(() -> {
      try {
        boolean known = desired.containers().stream().anyMatch(d -> d.key().taskId().equals(taskId));
        if (!known) {
          LOG.log(Level.INFO, "restart of task {0} ignored: not assigned here", taskId);
          return;
        }
        arrivalList = null; // about to act: a list from before is stale
        List<ObservedContainer> ours = runtime.list().stream()
            .filter(o -> o.key() != null && o.key().taskId().equals(taskId)).toList();
        for (ObservedContainer o : ours) {
          runtime.remove(o.id());
        }
        LOG.log(Level.INFO, "task {0} restarted on request: containers removed, re-creating",
            taskId);
      } catch (ContainerRuntimeException e) {
        LOG.log(Level.WARNING, "restart of task {0} failed: {1}", new Object[] {taskId,
            e.getMessage()});
      }
      pass();
    });
  }

  /** Sends the current status again, e.g. after a reconnect when the hub may have missed it. */
  public void resendStatus() {
    thread.execute(() -> {
      reporter.sendNextAnyway();
      pass();
    });
  }

  private void accept(Assignment a) {
    long appliedEpoch = accepted == null ? 0 : accepted.epochOrZero();
    AssignmentOrder order = AssignmentOrder.classify(a.epochOrZero(), a.generation(),
        appliedEpoch, appliedGeneration);
    if (order == AssignmentOrder.OLDER_EPOCH || order == AssignmentOrder.STALE) {
      LOG.log(Level.INFO, "ignoring stale assignment epoch {0} generation {1}, applied is epoch"
          + " {2} generation {3}", new Object[] {a.epochOrZero(), a.generation(), appliedEpoch,
          appliedGeneration});
      return;
    }
    if (a.equals(accepted)) {
      // The same assignment again: the retained copy after this agent reconnected, or the hub
      // republishing after its own connection came back, when reports sent while it was away
      // (or before its subscription was back) are lost. Either way the hub may lack the
      // current status, and the next refresh is minutes away: send it now.
      reporter.sendNextAnyway();
      pass(takeArrivalList());
      return;
    }
    if (order == AssignmentOrder.SAME) {
      LOG.log(Level.WARNING, "assignment generation {0} changed without a new generation; "
          + "taking the newer copy", a.generation());
    } else if (order == AssignmentOrder.NEWER_EPOCH) {
      LOG.log(Level.INFO, "new hub epoch {0} (was {1}): taking its generation {2} (was {3})",
          new Object[] {a.epochOrZero(), appliedEpoch, a.generation(), appliedGeneration});
    }
    long t0 = System.nanoTime(); // for the log only; decisions use the injected clock
    Assignment before = accepted;
    DesiredState desiredBefore = desired;
    // Durable before acting, so a crash can never run an unrecorded workload: the save runs
    // while this pass lists and creates, and every start, stop or removal waits for it.
    saving.begin(a);
    accepted = a;
    desired = DesiredState.of(a);
    try {
      pass(takeArrivalList());
      saving.awaitStored();
    } catch (PendingSave.NotStored e) {
      LOG.log(Level.SEVERE, "not applying assignment generation " + a.generation()
          + ": cannot store it", e.getCause());
      accepted = before;
      desired = desiredBefore;
      if (!Thread.currentThread().isInterrupted()) {
        pass(); // removes what was created for it meanwhile, never started
      }
      return;
    }
    appliedGeneration = a.generation();
    LOG.log(Level.INFO, "applied assignment generation {0} ({1} tasks) in {2} ms",
        new Object[] {a.generation(), a.tasks().size(), (System.nanoTime() - t0) / 1_000_000});
  }

  private void pass() {
    pass(null);
  }

  /** @param listed the engine's containers, listed since the loop last acted; null: list now */
  private void pass(List<ObservedContainer> listed) {
    arrivalList = null; // only the pass it was listed for may use it, and only first
    try {
      ReconcileResult result = null;
      // After an apply that only created and started containers, their successful start is
      // known without asking the engine: a container waiting on them with dependsOn START is
      // created on that knowledge, as a script would after `docker start` returned, without a
      // list and an inspect of each new container first (the bench's db + app paid both).
      List<ObservedContainer> assumed = null;
      for (int i = 0; i < MAX_PASSES; i++) {
        Instant now = clock.instant();
        List<ObservedContainer> observed = assumed;
        result = assumed == null ? null
            : ContainerReconciler.compute(desired, assumed, book.records(), now);
        if (result == null || !Applier.onlyCreates(result)) {
          // Whatever is not a creation, and the status reported, is decided on a fresh list.
          observed = i == 0 && listed != null ? listed : runtime.list();
          result = ContainerReconciler.compute(desired, observed, book.records(), now);
        }
        if (!result.hasActions()) {
          break;
        }
        applier.apply(result, book.records(), now);
        assumed = applier.assumedAfter(observed).orElse(null);
      }
      if (runtimeDown) {
        runtimeDown = false;
        LOG.info("container runtime reachable again");
      }
      Applier.recordHolds(result, book.records());
      book.retainDesired(desired);
      runtime.releaseTasks(desired.containers().stream().map(d -> d.key().taskId())
          .collect(Collectors.toSet()));
      book.persist();
      saving.awaitStored(); // the hub hears of a new assignment's work once it is stored
      reporter.report(StatusComputer.compute(desired, result, book.records()), clock.instant());
      result.nextWakeUp().ifPresent(this::wakeAt);
    } catch (ContainerRuntimeException e) {
      // Nothing is known about the containers, so nothing is decided: no status goes out and
      // the book keeps what it had. The periodic tick retries until the engine answers.
      if (!runtimeDown) {
        runtimeDown = true;
        LOG.log(Level.WARNING, "container runtime unavailable, retrying every {0} ms: {1}",
            new Object[] {interval.toMillis(), e.getMessage()});
      }
    } catch (PendingSave.NotStored e) {
      throw e; // the accepting call goes back to the last stored assignment
    } catch (RuntimeException e) {
      // Never let one bad pass kill the loop thread: the next tick tries again.
      LOG.log(Level.SEVERE, "reconcile pass failed", e);
    }
  }

  private void wakeAt(Instant until) {
    if (nextWake != null && !nextWake.isBefore(clock.instant()) && !until.isBefore(nextWake)) {
      return; // an earlier or equal wake-up is already scheduled
    }
    nextWake = until;
    long ms = Math.max(1, Duration.between(clock.instant(), until).toMillis() + 5);
    thread.schedule(this::trigger, ms, TimeUnit.MILLISECONDS);
  }

  /** The generation of the assignment being enforced; -1 before the first. */
  public long appliedGeneration() {
    return appliedGeneration;
  }

  /** The status of the last completed pass; null before the first. */
  public StatusReport lastStatus() {
    return reporter.lastStatus();
  }

  public int runningTasks() {
    StatusReport s = reporter.lastStatus();
    return s == null ? 0 : StatusComputer.runningTasks(s);
  }

  /** Containers created since start, for tests and metrics. */
  public long createdCount() {
    return applier.created.get();
  }

  public long startedCount() {
    return applier.started.get();
  }

  /** Containers stopped (kept) because their task's essential container stopped for good. */
  public long stoppedCount() {
    return applier.stopped.get();
  }

  public long removedCount() {
    return applier.removed.get();
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    saving.close();
  }
}
