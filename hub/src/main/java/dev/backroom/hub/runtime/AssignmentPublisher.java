package dev.backroom.hub.runtime;

import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.mqtt.HubMqtt;
import dev.backroom.hub.store.AssignmentStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskSpecs;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Turns the active tasks into one retained assignment per device. The generation moves only
 * when a device's content changes, and it is stored before publishing, so it never goes
 * backwards across hub restarts. After a restart of the hub, or whenever its client reconnects
 * to the broker, every assignment is published once more with its unchanged generation, because
 * the broker may have forgotten its retained copies (the hub's own Mosquitto keeps none across
 * its restarts); agents treat an equal generation as nothing new, so no container restarts.
 *
 * <p>Signing and publishing run on a thread of their own, in the order the passes hand them
 * over: an Ed25519 signature costs ~0.2 ms under the hub's C1 compiler, and while a thousand
 * devices took a placement the signatures were a quarter of the core thread's time, with status
 * reports and the next pass waiting behind them. A device whose assignment is still waiting
 * when a newer generation of it comes is sent only the newer one: it would replace the older
 * at once anyway, and each assignment sent costs a signature here and a status report back.
 */
@ApplicationScoped
public class AssignmentPublisher {
  private static final Logger LOG = Logger.getLogger(AssignmentPublisher.class);

  @Inject AssignmentStore store;
  @Inject TaskSpecs specs;
  @Inject HubMqtt mqtt;

  /** Devices whose current assignment went out or is waiting to, since the last session. */
  private final Set<String> publishedThisRun = ConcurrentHashMap.newKeySet();
  /** The newest assignment of each device that waits to be signed and published. */
  private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
  private final ExecutorService publishing = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "backroom-publish");
    t.setDaemon(true);
    return t;
  });
  private Map<String, AssignmentStore.Published> published;

  /** What one pass publishes: the assignments to send and the generations they carry. */
  public record Outgoing(List<Assignment> assignments, Map<String, AssignmentStore.Published> changed) {}

  /**
   * The assignments of every device given or published before, from the active tasks; changes
   * nothing until {@link #store} and {@link #send}. Called on the core thread only.
   */
  public Outgoing prepare(Collection<String> deviceIds, List<TaskRecord> active,
      Set<String> heldDevices) {
    if (published == null) {
      published = new HashMap<>(store.all());
    }
    Map<String, List<AssignedTask>> byDevice = new TreeMap<>();
    deviceIds.forEach(id -> byDevice.put(id, new ArrayList<>()));
    published.keySet().forEach(id -> byDevice.putIfAbsent(id, new ArrayList<>()));
    // Ordered by task id, so a device's digest depends on its tasks only, not on where the
    // list came from.
    List<TaskRecord> ordered = new ArrayList<>(active);
    ordered.sort(Comparator.comparing(TaskRecord::taskId));
    for (TaskRecord t : ordered) {
      // A standalone task runs its definition with the RunTask overrides applied.
      TaskDefinition td = specs.of(t);
      byDevice.computeIfAbsent(t.deviceId(), k -> new ArrayList<>())
          .add(new AssignedTask(t.taskId(), t.serviceName(), td, t.specHash(),
              t.held() || heldDevices.contains(t.deviceId()) ? Boolean.TRUE : null));
    }
    List<Assignment> outgoing = new ArrayList<>();
    Map<String, AssignmentStore.Published> changed = new TreeMap<>();
    byDevice.forEach((deviceId, tasks) -> plan(deviceId, tasks, outgoing, changed));
    return new Outgoing(outgoing, changed);
  }

  /**
   * Stores every new generation, before any is published; in the pass's own transaction, so a
   * generation is stored with the plan it carries and a pass costs one commit (a commit per
   * device was a large share of a placement or a reschedule at a thousand devices).
   */
  public void store(Outgoing o, Instant now) {
    store.saveAll(o.changed(), now);
  }

  /**
   * Hands what {@link #store} stored, once committed, to the publishing thread. Called on the
   * core thread only.
   */
  public void send(Outgoing o, Instant now) {
    published.putAll(o.changed());
    o.changed().keySet().forEach(publishedThisRun::remove);
    for (Assignment a : o.assignments()) {
      // Marked before it is out, so the next pass does not queue it again; a failed publish
      // unmarks it and the next pass tries again (a new broker session republishes all anyway).
      publishedThisRun.add(a.deviceId());
      if (waiting.put(a.deviceId(), new Waiting(a, now.toEpochMilli())) == null) {
        publishing.execute(() -> publishWaiting(a.deviceId()));
      }
    }
  }

  /** On the publishing thread: the device's newest waiting assignment, if still waiting. */
  private void publishWaiting(String deviceId) {
    Waiting w = waiting.remove(deviceId);
    if (w == null) {
      return;
    }
    boolean sent = false;
    try {
      sent = mqtt.publishAssignment(w.assignment(), w.nowMillis());
    } catch (RuntimeException e) {
      LOG.errorf(e, "assignment generation %d for %s not published", w.assignment().generation(),
          deviceId);
    }
    if (!sent) {
      publishedThisRun.remove(deviceId);
    }
  }

  @PreDestroy
  void stop() {
    publishing.shutdownNow();
    try {
      publishing.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Waiting(Assignment assignment, long nowMillis) {}

  /** Forgets what was published, so the next pass republishes everything (new broker session). */
  public void republishAll() {
    publishedThisRun.clear();
  }

  /** Adds the device's assignment to {@code outgoing} unless this run already published it. */
  private void plan(String deviceId, List<AssignedTask> tasks, List<Assignment> outgoing,
      Map<String, AssignmentStore.Published> changed) {
    // The spec hash stands for the task definition's content, so the digest needs no JSON of
    // whole task definitions: at a thousand devices that would dominate every pass.
    StringBuilder key = new StringBuilder();
    for (AssignedTask t : tasks) {
      key.append(t.taskId()).append('|').append(t.serviceName()).append('|')
          .append(t.taskDefinition().ref()).append('|').append(t.specHash()).append('|')
          .append(t.isHeld()).append('\n');
    }
    String digest = SpecHash.sha256(key.toString());
    AssignmentStore.Published last = published.get(deviceId);
    long generation;
    if (last == null || !last.digest().equals(digest)) {
      generation = last == null ? 1 : last.generation() + 1;
      changed.put(deviceId, new AssignmentStore.Published(generation, digest));
    } else if (publishedThisRun.contains(deviceId)) {
      return;
    } else {
      generation = last.generation();
    }
    outgoing.add(new Assignment(deviceId, generation, tasks));
  }

  /** The generation last stored for a device, 0 if none. */
  public long generationOf(String deviceId) {
    AssignmentStore.Published p = published == null ? null : published.get(deviceId);
    return p == null ? 0 : p.generation();
  }
}
