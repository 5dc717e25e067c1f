package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.backroom.agent.model.ObservedContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stops and removes containers the way ECS does, SIGTERM (the image's stop signal) then SIGKILL
 * after the container's stop timeout, without holding up the agent loop: Docker's stop call
 * lasts as long as the grace period (30 s by default), so a running container is stopped on a
 * small pool of its own. Until the engine is done, {@link #mark} reports such a container as
 * {@code stopping} or {@code removing}, so the reconciler neither restarts it nor acts on it
 * twice; the engine's die and destroy events then trigger the next pass. A container that is not
 * running is removed at once, in the caller's thread.
 *
 * <p>A stop waiting for a free thread shows as stopping for as long as it waits: its grace period
 * (and the mark's expiry) counts from when its stop call is made, so a drain of many long stops
 * reports each one right. The stop call itself is bounded by the container's stop timeout plus
 * a slack: an engine that never answers it (the stop client has no response timeout) gets the
 * container killed, or force-removed when it was to go, and the mark is cleared, so the
 * container is never hidden for ever.
 */
final class Stopper implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Stopper.class.getName());
  static final String STOPPING = ObservedContainer.STOPPING;
  static final String REMOVING = ObservedContainer.REMOVING;
  /**
   * Past its grace period plus this (from when its call is made), a stop is given up: the
   * container is killed or force-removed and no longer hidden.
   */
  private static final Duration SLACK = Duration.ofSeconds(60);

  private static final int THREADS = 4;

  /** {@code until} is null while the stop waits for a thread: not expired, not started. */
  private record InFlight(String state, Instant until) {}

  private final DockerClient docker;
  private final DockerClient stopClient;
  private final int defaultTimeout;
  private final Duration slack;
  private final Supplier<Instant> clock;
  private final ExecutorService pool;
  /** Runs the stop calls themselves, so a pool thread can give up on one that hangs. */
  private final ExecutorService calls;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

  /**
   * @param docker for the quick calls (inspect, remove), made in the caller's thread too
   * @param stopClient for the stop call only: its response timeout must exceed any stop
   *     timeout (none is fine, the engine always answers once SIGKILL is sent)
   * @param defaultTimeout seconds, for containers without a stop-timeout label
   */
  Stopper(DockerClient docker, DockerClient stopClient, int defaultTimeout, String deviceId) {
    this(docker, stopClient, defaultTimeout, deviceId, THREADS, SLACK, Instant::now);
  }

  /**
   * @param threads stops run at once
   * @param slack past a stop's timeout plus this, its call is given up and the container killed
   * @param clock for the marks' expiry
   */
  Stopper(DockerClient docker, DockerClient stopClient, int defaultTimeout, String deviceId,
      int threads, Duration slack, Supplier<Instant> clock) {
    this.docker = docker;
    this.stopClient = stopClient;
    this.defaultTimeout = defaultTimeout;
    this.slack = slack;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "docker-stop-" + deviceId + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    AtomicInteger m = new AtomicInteger();
    this.calls = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "docker-stop-call-" + deviceId + "-" + m.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  void stop(String id) {
    handle(id, false);
  }

  void remove(String id) {
    handle(id, true);
  }

  private void handle(String id, boolean remove) {
    if (inFlight.containsKey(id)) {
      if (remove) {
        // The stop under way removes the container when it is done (see run); should it have
        // finished just now, the next pass finds the container exited and removes it.
        inFlight.computeIfPresent(id, (k, f) -> STOPPING.equals(f.state())
            ? new InFlight(REMOVING, f.until()) : f);
      }
      return;
    }
    InspectContainerResponse c;
    try {
      c = docker.inspectContainerCmd(id).exec();
    } catch (NotFoundException gone) {
      return;
    }
    InspectContainerResponse.ContainerState s = c.getState();
    boolean live = s != null && (Boolean.TRUE.equals(s.getRunning())
        || Boolean.TRUE.equals(s.getPaused()) || Boolean.TRUE.equals(s.getRestarting()));
    if (!live) {
      if (remove) {
        removeNow(id);
      }
      return;
    }
    int timeout = timeout(c.getConfig() == null ? null : c.getConfig().getLabels());
    InFlight mark = new InFlight(remove ? REMOVING : STOPPING, null);
    if (inFlight.putIfAbsent(id, mark) != null) {
      return; // another caller got there first
    }
    try {
      pool.execute(() -> run(id, timeout, remove));
    } catch (RejectedExecutionException closed) {
      inFlight.remove(id, mark);
    }
  }

  private void run(String id, int timeout, boolean remove) {
    Duration bound = Duration.ofSeconds(timeout).plus(slack);
    Instant until = clock.get().plus(bound);
    inFlight.computeIfPresent(id, (k, f) -> new InFlight(f.state(), until));
    boolean answered = stopBounded(id, timeout, bound);
    try {
      if (remove || REMOVING.equals(stateOf(id))) {
        removeNow(id);
      } else if (!answered) {
        kill(id);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "removal or kill of {0} failed: {1}", new Object[] {shortId(id),
          e.getMessage()});
    } finally {
      inFlight.remove(id);
    }
  }

  /** The stop call, given up after {@code bound}; whether the engine answered it. */
  private boolean stopBounded(String id, int timeout, Duration bound) {
    Future<?> call;
    try {
      call = calls.submit(() -> stopClient.stopContainerCmd(id).withTimeout(timeout).exec());
    } catch (RejectedExecutionException closed) {
      return true; // closing: the agent's containers outlive it anyway
    }
    try {
      call.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException hung) {
      call.cancel(true);
      LOG.log(Level.WARNING, "stop of {0} unanswered after {1} s; killing it", new Object[] {
          shortId(id), bound.toSeconds()});
      return false;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (!(cause instanceof NotModifiedException) && !(cause instanceof NotFoundException)) {
        // stopped or gone already otherwise; a removal below is forced either way
        LOG.log(Level.WARNING, "stop of " + shortId(id) + " failed: " + cause.getMessage(),
            cause);
      }
    } catch (InterruptedException closing) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private void kill(String id) {
    try {
      docker.killContainerCmd(id).exec();
    } catch (NotFoundException | ConflictException | NotModifiedException notRunning) {
      // gone or stopped meanwhile
    }
  }

  private String stateOf(String id) {
    InFlight f = inFlight.get(id);
    return f == null ? null : f.state();
  }

  private void removeNow(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException gone) {
      // removed meanwhile
    } catch (ConflictException inProgress) {
      // "removal already in progress": the end state is the same
    }
  }

  /** The container's stop timeout from its label, else the agent's default. */
  int timeout(Map<String, String> labels) {
    String v = labels == null ? null : labels.get(ContainerLabels.STOP_TIMEOUT);
    if (v != null) {
      try {
        return Math.max(0, Integer.parseInt(v));
      } catch (NumberFormatException e) {
        // a label someone edited: the default is the safe reading
      }
    }
    return defaultTimeout;
  }

  /**
   * {@code observed} with the containers being stopped or removed shown as {@code stopping} or
   * {@code removing} (not running), whatever the engine still says about them. Their stop rank
   * is kept: the reconciler holds a task's lower-ranked containers back until they are gone.
   */
  List<ObservedContainer> mark(List<ObservedContainer> observed) {
    if (inFlight.isEmpty()) {
      return observed;
    }
    Instant now = clock.get();
    List<ObservedContainer> out = new ArrayList<>(observed.size());
    for (ObservedContainer o : observed) {
      InFlight f = inFlight.get(o.id());
      out.add(f == null || (f.until() != null && now.isAfter(f.until())) ? o
          : new ObservedContainer(o.id(), o.name(), o.deviceId(), o.key(), o.specHash(),
              o.generation(), f.state(), o.exitCode(), null, o.startedAt(), o.finishedAt(),
              o.error(), o.networkBindings(), o.stopRank()));
    }
    return out;
  }

  boolean busy(String id) {
    return inFlight.containsKey(id);
  }

  @Override
  public void close() {
    // Stops already sent run on in the engine; the agent's containers outlive the agent anyway.
    pool.shutdownNow();
    calls.shutdownNow();
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
