package dev.backroom.hub.runtime;

import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.devices.DeviceState;
import dev.backroom.hub.reconcile.DesiredService;
import dev.backroom.hub.reconcile.DesiredState;
import dev.backroom.hub.reconcile.ObservedState;
import dev.backroom.hub.reconcile.ObservedTask;
import dev.backroom.hub.reconcile.ReconcileResult;
import dev.backroom.hub.reconcile.Reconciler;
import dev.backroom.hub.scheduler.Allocation;
import dev.backroom.hub.scheduler.DeviceSnapshot;
import dev.backroom.hub.scheduler.Placement;
import dev.backroom.hub.scheduler.PlacementRequest;
import dev.backroom.hub.scheduler.Scheduler;
import dev.backroom.hub.scheduler.SchedulerResult;
import dev.backroom.hub.scheduler.Unplaced;
import dev.backroom.hub.store.Jdbc;
import dev.backroom.hub.store.ServiceRecord;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Read, compute, apply. Each pass reads desired state and observed state from H2 and the
 * device registry, asks the pure {@link Reconciler} and {@link Scheduler} what to do, writes the
 * decisions in one transaction, then publishes the assignments that changed. Passes run on the
 * core thread, triggered by API writes and device events, and at a fixed interval.
 */
@ApplicationScoped
public class ControlLoop {
  private static final Logger LOG = Logger.getLogger(ControlLoop.class);

  @Inject CoreExecutor core;
  @Inject Jdbc jdbc;
  @Inject ServiceStore services;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject TaskStore tasks;
  @Inject DeviceRegistry devices;
  @Inject AssignmentPublisher publisher;

  private final AtomicBoolean pending = new AtomicBoolean();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, List<Unplaced>> unplaced = new ConcurrentHashMap<>();

  /** Asks for a pass soon; many triggers before it runs collapse into one. */
  public void trigger() {
    if (pending.compareAndSet(false, true) && !core.submit(this::runPass)) {
      pending.set(false);
    }
  }

  /** Why tasks of a service could not be placed in the last pass, by device. */
  public List<Unplaced> unplaced(String serviceName) {
    return unplaced.getOrDefault(serviceName, List.of());
  }

  private void runPass() {
    pending.set(false);
    try {
      pass(Instant.now());
    } catch (RuntimeException e) {
      LOG.error("control loop pass failed; the next pass retries", e);
    }
  }

  void pass(Instant now) {
    List<DeviceState> known = devices.all();
    List<DeviceSnapshot> snapshots = known.stream().map(d -> snapshot(d, now)).toList();
    Map<String, TaskDefinition> tdByService = new HashMap<>();
    List<DesiredService> desired = new ArrayList<>();
    for (ServiceRecord s : services.list()) {
      TaskDefinition td = taskDefinitions.find(s.taskFamily(), s.taskRevision()).orElseThrow();
      tdByService.put(s.spec().serviceName(), td);
      desired.add(new DesiredService(s.spec().serviceName(), td, SpecHash.of(td),
          s.spec().desiredCountOrZero(), s.spec().constraints()));
    }
    List<TaskRecord> active = tasks.listActive();
    List<ObservedTask> observed = active.stream().map(t -> new ObservedTask(t.taskId(),
        t.serviceName(), t.deviceId(), t.specHash(), t.lastStatus(),
        t.createdAt().toEpochMilli())).toList();
    ReconcileResult result = Reconciler.compute(new DesiredState(desired),
        new ObservedState(observed, snapshots), now.toEpochMilli());

    jdbc.inTransaction(() -> {
      Set<String> gone = new HashSet<>();
      result.stop().forEach(s -> {
        tasks.markStopped(s.taskId(), s.reason(), now);
        gone.add(s.taskId());
      });
      result.lost().forEach(l -> {
        tasks.markStopped(l.taskId(), l.reason(), now);
        gone.add(l.taskId());
      });
      result.update().forEach(u -> {
        TaskDefinition td = tdByService.get(u.serviceName());
        tasks.updateSpec(u.taskId(), td.family(), td.revision(), u.toSpecHash(), now);
      });
      placeNew(result, active, gone, snapshots, desired, now);
      return null;
    });
    logDecisions(result);
    publisher.publish(known.stream().map(DeviceState::deviceId).toList(), tasks.listActive(), now);
  }

  private void placeNew(ReconcileResult result, List<TaskRecord> active, Set<String> gone,
      List<DeviceSnapshot> snapshots, List<DesiredService> desired, Instant now) {
    Map<String, DesiredService> byName = desired.stream()
        .collect(Collectors.toMap(DesiredService::serviceName, d -> d));
    List<Allocation> existing = new ArrayList<>();
    for (TaskRecord t : active) {
      if (!gone.contains(t.taskId())) {
        DesiredService d = byName.get(t.serviceName());
        TaskDefinition td = d != null ? d.taskDefinition()
            : taskDefinitions.find(t.taskFamily(), t.taskRevision()).orElseThrow();
        existing.add(new Allocation(t.taskId(), t.serviceName(), t.deviceId(),
            td.requiredCpuUnits(), td.requiredMemoryMiB(), td.requiredGpus()));
      }
    }
    List<PlacementRequest> requests = result.place().stream()
        .map(p -> {
          DesiredService d = byName.get(p.serviceName());
          return new PlacementRequest(p.serviceName() + "#" + p.ordinal(), p.serviceName(),
              d.taskDefinition(), d.constraints());
        }).toList();
    unplaced.clear();
    if (requests.isEmpty()) {
      return;
    }
    SchedulerResult placed = Scheduler.place(requests, snapshots, existing, random.nextLong());
    Map<String, PlacementRequest> byId = requests.stream()
        .collect(Collectors.toMap(PlacementRequest::requestId, r -> r));
    for (Placement p : placed.placed()) {
      PlacementRequest r = byId.get(p.requestId());
      TaskDefinition td = r.taskDefinition();
      String taskId = r.serviceName() + "-" + HexFormat.of().formatHex(random.generateSeed(4));
      tasks.insertPlaced(taskId, r.serviceName(), p.deviceId(), td.family(), td.revision(),
          byName.get(r.serviceName()).specHash(), now);
      LOG.infof("placed task %s of %s on %s", taskId, r.serviceName(), p.deviceId());
    }
    for (Unplaced u : placed.unplaced()) {
      unplaced.computeIfAbsent(u.serviceName(), k -> new ArrayList<>()).add(u);
    }
  }

  private DeviceSnapshot snapshot(DeviceState d, Instant now) {
    var c = d.capabilities();
    Map<String, String> attrs = c.attributes() == null ? Map.of() : c.attributes();
    return new DeviceSnapshot(c.deviceId(), attrs, c.cpus() * 1024, c.memoryMiB(), c.gpus(),
        d.availableAt(now, devices.heartbeatTimeout()));
  }

  private static void logDecisions(ReconcileResult r) {
    r.stop().forEach(s -> LOG.infof("stop task %s on %s: %s", s.taskId(), s.deviceId(), s.reason()));
    r.lost().forEach(l -> LOG.infof("task %s lost on %s: %s", l.taskId(), l.deviceId(), l.reason()));
    r.update().forEach(u -> LOG.infof("update task %s on %s: %s", u.taskId(), u.deviceId(), u.reason()));
  }
}
