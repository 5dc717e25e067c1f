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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
final class Stopper implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Stopper.class.getName());
  static final String STOPPING = ObservedContainer.STOPPING;
  static final String REMOVING = ObservedContainer.REMOVING;
  /** Past its grace period plus this, an unanswered stop no longer hides the container. */
  private static final Duration SLACK = Duration.ofSeconds(60);

  private record InFlight(String state, Instant until) {}

  private final DockerClient docker;
  private final DockerClient stopClient;
  private final int defaultTimeout;
  private final ExecutorService pool;
  private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

  /**
   * @param docker for the quick calls (inspect, remove), made in the caller's thread too
   * @param stopClient for the stop call only: its response timeout must exceed any stop
   *     timeout (none is fine, the engine always answers once SIGKILL is sent)
   * @param defaultTimeout seconds, for containers without a stop-timeout label
   */
  Stopper(DockerClient docker, DockerClient stopClient, int defaultTimeout, String deviceId) {
    this.docker = docker;
    this.stopClient = stopClient;
    this.defaultTimeout = defaultTimeout;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "docker-stop-" + deviceId + "-" + n.incrementAndGet());
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
    InFlight current = inFlight.get(id);
    if (current != null) {
      if (remove && STOPPING.equals(current.state())) {
        // The stop under way removes the container when it is done (see run); should it have
        // finished just now, the next pass finds the container exited and removes it.
        inFlight.replace(id, current, new InFlight(REMOVING, current.until()));
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
    InFlight mark = new InFlight(remove ? REMOVING : STOPPING,
        Instant.now().plusSeconds(timeout).plus(SLACK));
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
    try {
      stopClient.stopContainerCmd(id).withTimeout(timeout).exec();
    } catch (NotModifiedException | NotFoundException notRunning) {
      // stopped or gone already
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stop of " + shortId(id) + " failed: " + e.getMessage()
          + (remove ? "; forcing removal" : ""), e);
    }
    try {
      if (remove || REMOVING.equals(stateOf(id))) {
        removeNow(id);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "removal of {0} failed: {1}", new Object[] {shortId(id),
          e.getMessage()});
    } finally {
      inFlight.remove(id);
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
    Instant now = Instant.now();
    List<ObservedContainer> out = new ArrayList<>(observed.size());
    for (ObservedContainer o : observed) {
      InFlight f = inFlight.get(o.id());
      out.add(f == null || now.isAfter(f.until()) ? o
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
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
