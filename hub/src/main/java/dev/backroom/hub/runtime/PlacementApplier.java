package dev.backroom.hub.runtime;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.core.reconcile.DesiredService;
import dev.backroom.hub.core.reconcile.DesiredState;
import dev.backroom.hub.core.reconcile.ReconcileResult;
import dev.backroom.hub.core.scheduler.Allocation;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Placement;
import dev.backroom.hub.core.scheduler.PlacementRequest;
import dev.backroom.hub.core.scheduler.Scheduler;
import dev.backroom.hub.core.scheduler.SchedulerResult;
import dev.backroom.hub.core.scheduler.Unplaced;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskSpecs;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Turns the reconciler's place bucket into tasks: asks the scheduler where, inserts the task
 * rows and their events, and remembers per service why the rest found no device.
 */
@ApplicationScoped
public class PlacementApplier {
  @Inject TaskStore tasks;
  @Inject TaskSpecs specs;
  @Inject EventStore events;

  private final SecureRandom random = new SecureRandom();
  private volatile Map<String, List<Unplaced>> unplaced = Map.of();

  public List<Unplaced> unplaced(String service) {
    return unplaced.getOrDefault(service, List.of());
  }

  /**
   * Places what the reconciler asks for around the tasks that stay ({@code kept}: the active
   * ones less those this pass stops); returns the task rows it inserted.
   */
  List<TaskStore.NewTask> apply(ReconcileResult result, DesiredState desired,
      List<DeviceSnapshot> devices, List<TaskRecord> kept, Instant now) {
    Map<String, DesiredService> byName = desired.services().stream()
        .collect(Collectors.toMap(DesiredService::serviceName, d -> d));
    List<PlacementRequest> requests = result.placementRequests(desired);
    if (requests.isEmpty()) {
      unplaced = Map.of();
      return List.of();
    }
    List<Allocation> existing = new ArrayList<>();
    for (TaskRecord t : kept) {
      // A standalone task counts, and runs, with its overrides applied; ports included.
      TaskDefinition td = specs.of(t);
      existing.add(Allocation.of(t.taskId(), t.serviceName(), t.deviceId(), td));
    }
    SchedulerResult placed = Scheduler.place(requests, devices, existing, random.nextLong());
    Map<String, PlacementRequest> byId = requests.stream()
        .collect(Collectors.toMap(PlacementRequest::requestId, r -> r));
    Map<String, String> reasons = result.place().stream().collect(Collectors.toMap(
        ReconcileResult::requestId, p -> p.reason(), (a, b) -> a));
    List<TaskStore.NewTask> rows = new ArrayList<>();
    List<EventStore.Entry> log = new ArrayList<>();
    for (Placement p : placed.placed()) {
      PlacementRequest r = byId.get(p.requestId());
      TaskDefinition td = r.taskDefinition();
      String taskId = r.serviceName() + "-" + HexFormat.of().toHexDigits(random.nextInt());
      rows.add(new TaskStore.NewTask(taskId, r.serviceName(), p.deviceId(), td.family(),
          td.revision(), byName.get(r.serviceName()).specHash()));
      log.add(new EventStore.Entry("task-placed", Subject.task(r.serviceName(), taskId, p.deviceId()),
          reasons.getOrDefault(p.requestId(), "placed"),
          "task " + taskId + " of " + td.ref() + " placed on " + p.deviceId()));
    }
    tasks.insertPlaced(rows, now);
    events.systemBatch(now, log);
    Map<String, List<Unplaced>> next = new ConcurrentHashMap<>();
    for (Unplaced u : placed.unplaced()) {
      next.computeIfAbsent(u.serviceName(), k -> new ArrayList<>()).add(u);
    }
    unplaced = next;
    return rows;
  }
}
