package dev.backroom.hub.runtime;

import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.config.HubConfig;
import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.core.deploy.RunningTimes;
import dev.backroom.hub.core.deploy.TaskHealth;
import dev.backroom.hub.core.plan.PassInput;
import dev.backroom.hub.core.plan.PassPlan;
import dev.backroom.hub.core.plan.PassPlanner;
import dev.backroom.hub.core.plan.RolloutInput;
import dev.backroom.hub.core.reconcile.DesiredService;
import dev.backroom.hub.core.reconcile.DesiredState;
import dev.backroom.hub.core.reconcile.ObservedTask;
import dev.backroom.hub.core.scheduler.Allocation;
import dev.backroom.hub.core.scheduler.DeviceCondition;
import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import dev.backroom.hub.core.scheduler.Unplaced;
import dev.backroom.hub.deploy.DeploymentStore;
import dev.backroom.hub.devices.DeviceAttributeStore;
import dev.backroom.hub.devices.DeviceControl;
import dev.backroom.hub.devices.DeviceControlStore;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.devices.DeviceState;
import dev.backroom.hub.devices.MonotonicClock;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.ServiceRecord;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskSpecs;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One pass of the control loop: read desired and observed state and the deployments, let
 * hub-core's {@link PassPlanner} compute the complete plan (stops, lost, placements, finished
 * drains, rollout steps) from them, the time and a seed, write it with its events in one
 * transaction ({@link PlanWriter}), then publish the assignments. Runs on the core thread only,
 * the only thread that writes tasks and deployments, so what it read is still true when it
 * writes.
 */
@ApplicationScoped
public class ReconcilePass {
  @Inject Jdbc jdbc;
  @Inject HubConfig config;
  @Inject ServiceStore services;
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject TaskStore tasks;
  @Inject DeviceRegistry devices;
  @Inject DeviceControlStore controls;
  @Inject DeviceAttributeStore attributes;
  @Inject AssignmentPublisher publisher;
  @Inject DeploymentStore deployments;
  @Inject PlanWriter writer;
  @Inject TaskSpecs specs;
  @Inject EventStore events;

  private final SecureRandom random = new SecureRandom();
  /**
   * Grace periods are timed on this clock, not the wall clock a task's running-since is stored
   * on: a step of the wall clock must neither hold a healthy task in its grace for as long as
   * the step (and with it a rollout or drain) nor cut the grace short.
   */
  private final Clock monotonic = MonotonicClock.start();
  private final RunningTimes runningTimes = new RunningTimes();
  private volatile Map<String, List<Unplaced>> unplaced = Map.of();

  /**
   * Reads, plans, applies, publishes. Returns true when time alone may change the next decision
   * (rollout, drain, grace).
   */
  public boolean run(Instant now) {
    Map<String, DeviceControl> ctl = controls.all();
    List<DeviceSnapshot> snapshots = snapshots(ctl);
    List<ServiceRecord> all = services.list();
    Map<String, ServiceRecord> byName = new HashMap<>();
    Map<String, Service> serviceSpecs = new HashMap<>();
    List<DesiredService> desired = new ArrayList<>();
    for (ServiceRecord s : all) {
      Service spec = s.spec();
      TaskDefinition td = taskDefinitions.find(s.taskFamily(), s.taskRevision()).orElseThrow();
      String hash = s.taskSpecHash(taskDefinitions.specHash(td));
      byName.put(spec.serviceName(), s);
      serviceSpecs.put(spec.serviceName(), spec);
      desired.add(new DesiredService(spec.serviceName(), td, hash, spec.desiredCountOrZero(),
          spec.constraints(), spec.isDaemon(), spec.strategies(),
          spec.deployment().minimumHealthyPercentOrDefault(),
          spec.deployment().maximumPercentOrDefault()));
    }
    List<TaskRecord> active = tasks.listActive();
    List<ObservedTask> observed = new ArrayList<>();
    // Standalone tasks (no service) have their own rule: never replaced, only stopped.
    List<ObservedTask> standaloneTasks = new ArrayList<>();
    List<Allocation> allocations = new ArrayList<>(active.size());
    boolean waitingOnTime = false;
    Instant monoNow = monotonic.instant();
    Map<String, Instant> runningSince = runningTimes.pass(wallRunningSince(active), now, monoNow);
    for (TaskRecord t : active) {
      // A standalone task counts, and runs, with its overrides applied; ports included.
      allocations.add(Allocation.of(t.taskId(), t.serviceName(), t.deviceId(), specs.of(t)));
      if (t.serviceName() == null) {
        standaloneTasks.add(new ObservedTask(t.taskId(), null, t.deviceId(), t.specHash(),
            t.lastStatus(), t.createdAt().toEpochMilli(), false, t.held()));
        continue;
      }
      boolean healthy = healthy(t, byName.get(t.serviceName()), runningSince.get(t.taskId()),
          monoNow);
      waitingOnTime |= !healthy && TaskRecord.RUNNING.equals(t.lastStatus());
      observed.add(new ObservedTask(t.taskId(), t.serviceName(), t.deviceId(), t.specHash(),
          t.lastStatus(), t.createdAt().toEpochMilli(), healthy, t.held(), t.restarts()));
    }
    Map<String, String> draining = new HashMap<>();
    ctl.values().stream().filter(c -> c.draining() && c.drainedAt() == null)
        .forEach(c -> draining.put(c.deviceId(), c.reason()));
    PassPlan plan = PassPlanner.plan(new PassInput(new DesiredState(desired), observed,
        standaloneTasks, snapshots, allocations, draining, rollouts(serviceSpecs), now.toEpochMilli(),
        random.nextLong()));

    Set<String> gone = plan.stops().stream().map(PassPlan.Stop::taskId).collect(Collectors.toSet());
    List<TaskRecord> assigned = afterPass(kept(active, gone), PlanWriter.newTasks(plan), now);
    AssignmentPublisher.Outgoing outgoing = publisher.prepare(
        snapshots.stream().map(DeviceSnapshot::deviceId).toList(), assigned, heldDevices(ctl));
    // The plan and the generations that publish it: one commit.
    jdbc.inTransaction(() -> {
      writer.write(plan, now);
      publisher.store(outgoing, now);
      return null;
    });
    unplaced = byService(plan.unplaced());
    publisher.send(outgoing, now);
    return plan.rolloutsMoving() || plan.drainsMoving() || waitingOnTime;
  }

  /**
   * The deployments the rollout decisions need: every PRIMARY, and for each one in progress
   * where the circuit breaker would roll back to (read for those only: a rollout is rare, a
   * pass is not).
   */
  private RolloutInput rollouts(Map<String, Service> serviceSpecs) {
    List<Deployment> primaries = deployments.primaries();
    Map<String, Deployment> targets = new HashMap<>();
    for (Deployment p : primaries) {
      if (Deployment.IN_PROGRESS.equals(p.rolloutState())
          && serviceSpecs.containsKey(p.serviceName())) {
        deployments.lastGoodOtherThan(p.serviceName(), p.specHash())
            .ifPresent(g -> targets.put(p.serviceName(), g));
      }
    }
    return new RolloutInput(serviceSpecs, primaries, targets);
  }

  /** The active tasks that this pass does not stop, in the order read. */
  static List<TaskRecord> kept(List<TaskRecord> active, Set<String> gone) {
    return active.stream().filter(t -> !gone.contains(t.taskId())).toList();
  }

  /**
   * The active tasks once this pass has committed: those that stay (read at its start, less the
   * stopped) plus the placed. The pass used to read all of them from H2 a second time only to
   * publish; the two full reads were a quarter of the hub's samples while it rescheduled ten
   * thousand tasks. Holds and stops made through the API meanwhile trigger another pass, which
   * publishes them.
   */
  static List<TaskRecord> afterPass(List<TaskRecord> kept, List<TaskStore.NewTask> placed,
      Instant now) {
    List<TaskRecord> out = new ArrayList<>(kept.size() + placed.size());
    out.addAll(kept);
    for (TaskStore.NewTask n : placed) {
      out.add(new TaskRecord(n.taskId(), n.service(), n.deviceId(), n.family(), n.revision(),
          n.specHash(), TaskRecord.RUNNING, TaskRecord.PENDING, null, List.of(), null, null, now,
          now, false, null, 0));
    }
    return out;
  }

  /**
   * Records devices that became unavailable or came back since the last pass. A returning
   * device's tasks were replaced while it was gone; the event names those it will now stop.
   */
  public void recordTransitions(Set<String> before, Set<String> after, Instant now) {
    for (String id : before) {
      if (!after.contains(id)) {
        events.system(now, "device-lost", Subject.device(id), "no heartbeat or last will received",
            "device " + id + " is lost; its tasks are placed elsewhere");
      }
    }
    for (String id : after) {
      if (!before.contains(id) && !before.isEmpty()) {
        List<String> stale = tasks.staleOn(id);
        events.system(now, "device-returned", Subject.device(id), null, "device " + id
            + " is available" + (stale.isEmpty() ? "" : "; tasks replaced while it was lost are stopped there: "
            + String.join(", ", stale)));
      }
    }
  }

  /** Why the last pass found no device for some of the service's tasks; empty when none. */
  public List<Unplaced> unplaced(String service) {
    return unplaced.getOrDefault(service, List.of());
  }

  private static Map<String, List<Unplaced>> byService(List<Unplaced> unplaced) {
    Map<String, List<Unplaced>> out = new HashMap<>();
    for (Unplaced u : unplaced) {
      out.computeIfAbsent(u.serviceName(), k -> new ArrayList<>()).add(u);
    }
    return out;
  }

  /** The stored running-since of every service task that runs, by task id. */
  private static Map<String, Instant> wallRunningSince(List<TaskRecord> active) {
    Map<String, Instant> out = new HashMap<>();
    for (TaskRecord t : active) {
      if (t.serviceName() != null && t.runningSince() != null) {
        out.put(t.taskId(), t.runningSince());
      }
    }
    return out;
  }

  /** {@code runningSince} and {@code monoNow} are on the monotonic clock. */
  private boolean healthy(TaskRecord t, ServiceRecord s, Instant runningSince, Instant monoNow) {
    TaskDefinition td = taskDefinitions.find(t.taskFamily(), t.taskRevision()).orElseThrow();
    boolean check = td.containers().stream().anyMatch(c -> c.healthCheck() != null);
    Duration grace = s != null && s.spec().healthCheckGracePeriodSeconds() != null
        ? Duration.ofSeconds(s.spec().healthCheckGracePeriodSeconds())
        : config.deployments().healthGrace();
    return TaskHealth.healthy(t.lastStatus(), t.healthStatus(), check, runningSince, grace,
        monoNow);
  }

  /** Every known device as the scheduler sees it now (RunTask places against these). */
  public List<DeviceSnapshot> snapshots() {
    return snapshots(controls.all());
  }

  private List<DeviceSnapshot> snapshots(Map<String, DeviceControl> ctl) {
    return devices.all().stream().map(d -> snapshot(d, ctl.get(d.deviceId()))).toList();
  }

  private DeviceSnapshot snapshot(DeviceState d, DeviceControl c) {
    var caps = d.capabilities();
    DeviceCondition condition = c != null && c.held() ? DeviceCondition.HELD
        : !devices.available(d) ? DeviceCondition.LOST
        : c != null && c.draining() ? DeviceCondition.DRAINING : DeviceCondition.READY;
    // The device's own attributes with those put on it through the hub (ECS PutAttributes).
    return new DeviceSnapshot(caps.deviceId(), attributes.effective(caps),
        caps.cpus() * 1024, caps.memoryMiB(), caps.gpus(), condition);
  }

  private static Set<String> heldDevices(Map<String, DeviceControl> ctl) {
    return ctl.values().stream().filter(DeviceControl::held).map(DeviceControl::deviceId)
        .collect(Collectors.toSet());
  }
}
