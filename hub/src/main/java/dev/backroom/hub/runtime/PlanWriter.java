package dev.backroom.hub.runtime;

import dev.backroom.hub.core.plan.PassPlan;
import dev.backroom.hub.devices.DeviceControlStore;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.StandaloneTaskStore;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apply step of a pass: writes a {@link PassPlan} as it is, deciding nothing. What it writes
 * is {@link #writes}, a pure function of the plan; the caller holds the transaction.
 */
@ApplicationScoped
public class PlanWriter {
  @Inject TaskStore tasks;
  @Inject StandaloneTaskStore standalone;
  @Inject EventStore events;
  @Inject DeviceControlStore controls;

  /**
   * The rows and events of one plan.
   *
   * @param stopped task id to the reason it stops, every stop of the plan
   * @param stopCodes task id to ECS's stop code, the standalone ones among them
   * @param placed the task rows to insert
   * @param log the events, stops first, then placements, then drains
   */
  record Writes(Map<String, String> stopped, Map<String, String> stopCodes,
      List<TaskStore.NewTask> placed, List<String> drained, List<EventStore.Entry> log) {}

  void write(PassPlan plan, Instant now) {
    Writes w = writes(plan);
    tasks.markStopped(w.stopped(), now);
    standalone.markStopped(w.stopCodes(), now);
    tasks.insertPlaced(w.placed(), now);
    w.drained().forEach(d -> controls.markDrained(d, now));
    events.systemBatch(now, w.log());
  }

  static Writes writes(PassPlan plan) {
    Map<String, String> stopped = new LinkedHashMap<>();
    Map<String, String> stopCodes = new LinkedHashMap<>();
    List<EventStore.Entry> log = new ArrayList<>();
    for (PassPlan.Stop s : plan.stops()) {
      stopped.put(s.taskId(), s.reason());
      if (s.standalone()) {
        stopCodes.put(s.taskId(), s.stopCode());
      }
      log.add(new EventStore.Entry(s.kind(), Subject.task(s.serviceName(), s.taskId(), s.deviceId()),
          s.reason(), "task " + s.taskId() + " on " + s.deviceId() + ": " + s.reason()));
    }
    List<TaskStore.NewTask> placed = newTasks(plan);
    for (PassPlan.Place p : plan.placements()) {
      log.add(new EventStore.Entry("task-placed", Subject.task(p.serviceName(), p.taskId(), p.deviceId()),
          p.reason(), "task " + p.taskId() + " of " + p.taskDefinition() + " placed on " + p.deviceId()));
    }
    for (PassPlan.Drained d : plan.drained()) {
      log.add(new EventStore.Entry("device-drained", Subject.device(d.deviceId()), d.reason(),
          "device " + d.deviceId() + " drained: no tasks left, unschedulable until released"));
    }
    return new Writes(stopped, stopCodes, placed,
        plan.drained().stream().map(PassPlan.Drained::deviceId).toList(), log);
  }

  static List<TaskStore.NewTask> newTasks(PassPlan plan) {
    return plan.placements().stream().map(p -> new TaskStore.NewTask(p.taskId(), p.serviceName(),
        p.deviceId(), p.family(), p.revision(), p.specHash())).toList();
  }
}
