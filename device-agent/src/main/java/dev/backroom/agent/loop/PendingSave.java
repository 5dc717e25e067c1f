package dev.backroom.agent.loop;

import dev.backroom.agent.state.AssignmentStore;
import dev.backroom.mqtt.message.Assignment;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The durable save of a newly accepted assignment, run on a thread of its own while the loop
 * already lists and creates containers: the two fsyncs of {@link AssignmentStore#save} then cost
 * no time on the way from an assignment to its containers running. A created container runs
 * nothing, so only what acts on a workload waits for the save ({@link #awaitStored}): every
 * start, stop and removal, and the status report. A crash before the save completes leaves at
 * most created, never started, containers of an assignment that is not on disk; the agent
 * restarts on the stored one, which removes them (or adopts one it asks for itself). Used from
 * the loop thread only; the writer thread exists only while a save runs.
 */
final class PendingSave implements AutoCloseable {
  /** The save failed: nothing of the assignment may act; the loop goes back to the last one. */
  static final class NotStored extends RuntimeException {
    NotStored(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final AssignmentStore store;
  private final ExecutorService writer;
  private Future<?> pending;

  PendingSave(AssignmentStore store, String deviceId) {
    this.store = store;
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 10, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "agent-store-" + deviceId);
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true); // assignments are rare: no thread kept for them
    this.writer = pool;
  }

  /** Starts saving {@code a}; the previous save must have been awaited. */
  void begin(Assignment a) {
    if (pending != null) {
      throw new IllegalStateException("the previous assignment save was not awaited");
    }
    pending = writer.submit(() -> store.save(a));
  }

  /**
   * Returns once the assignment being saved (if any) is on disk.
   *
   * @throws NotStored when it could not be stored
   */
  void awaitStored() {
    if (pending == null) {
      return;
    }
    Future<?> f = pending;
    pending = null;
    try {
      f.get();
    } catch (ExecutionException e) {
      throw new NotStored(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NotStored(e);
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
