package dev.backroom.hub.runtime;

import dev.backroom.hub.core.deploy.Deployment;
import dev.backroom.hub.core.plan.PassPlan;
import dev.backroom.hub.core.plan.RolloutStep;
import dev.backroom.hub.deploy.DeploymentStore;
import dev.backroom.hub.devices.DeviceControlStore;
import dev.backroom.hub.events.EventStore.Subject;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import dev.backroom.hub.store.StandaloneTaskStore;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The apply step of a pass: writes a {@link PassPlan} as it is, deciding nothing. What it writes
 * is {@link #writes}, a pure function of the plan; the caller holds the transaction.
 */
@ApplicationScoped
public class PlanWriter {
  private static final Logger LOG = Logger.getLogger(PlanWriter.class);

  @Inject TaskStore tasks;
  @Inject StandaloneTaskStore standalone;
  @Inject EventStore events;
  @Inject DeviceControlStore controls;
  @Inject DeploymentStore deployments;
  @Inject ServiceStore services;
  @Inject TaskDefinitionStore taskDefinitions;

  /**
   * The rows and events of one plan.
   *
   * @param stopped task id to the reason it stops, every stop of the plan
   * @param stopCodes task id to ECS's stop code, the standalone ones among them
   * @param placed the task rows to insert
   * @param rollouts the deployment (and rollback's service) changes, in the plan's order
   * @param log the events, stops first, then placements, drains and rollouts
   */
  record Writes(Map<String, String> stopped, Map<String, String> stopCodes,
      List<TaskStore.NewTask> placed, List<String> drained, List<RolloutStep> rollouts,
      List<EventStore.Entry> log) {}

  void write(PassPlan plan, Instant now) {
    Writes w = writes(plan);
    tasks.markStopped(w.stopped(), now);
    standalone.markStopped(w.stopCodes(), now);
    tasks.insertPlaced(w.placed(), now);
    w.drained().forEach(d -> controls.markDrained(d, now));
    w.rollouts().forEach(r -> apply(r, now));
    events.systemBatch(now, w.log());
  }

  private void apply(RolloutStep step, Instant now) {
    if (step instanceof RolloutStep.Retire r) {
      deployments.retire(r.serviceName(), now);
    } else if (step instanceof RolloutStep.Start s) {
      deployments.start(s.deploymentId(), s.serviceName(), s.family(), s.revision(), s.specHash(),
          s.reason(), now);
    } else if (step instanceof RolloutStep.CountFailures c) {
      deployments.setFailedTasks(c.deploymentId(), c.failedTasks(), now);
    } else if (step instanceof RolloutStep.Complete c) {
      deployments.complete(c.deployment(), now);
    } else if (step instanceof RolloutStep.Fail f) {
      deployments.fail(f.deployment(), f.reason(), now);
      LOG.warnf("deployment %s of %s failed: %s", f.deployment().deploymentId(),
          f.deployment().taskDefinition(), f.reason());
    } else if (step instanceof RolloutStep.RollBack b) {
      services.update(b.spec(), b.to().taskFamily(), b.to().taskRevision());
      taskDefinitions.find(b.to().taskFamily(), b.to().taskRevision()).ifPresent(td ->
          services.matchRedeploys(b.failed().serviceName(), taskDefinitions.specHash(td),
              b.to().specHash()));
      deployments.start(b.deploymentId(), b.failed().serviceName(), b.to().taskFamily(),
          b.to().taskRevision(), b.to().specHash(), b.reason(), now);
      LOG.warnf("rolled %s back to %s", b.failed().serviceName(), b.to().taskDefinition());
    } else if (!(step instanceof RolloutStep.NoRollback)) {
      throw new IllegalStateException("unknown rollout step " + step);
    }
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
    plan.rollouts().forEach(r -> event(r, log));
    return new Writes(stopped, stopCodes, placed,
        plan.drained().stream().map(PassPlan.Drained::deviceId).toList(), plan.rollouts(), log);
  }

  /** The event a rollout step is recorded as; retiring and counting failures have none. */
  private static void event(RolloutStep step, List<EventStore.Entry> log) {
    if (step instanceof RolloutStep.Start s) {
      log.add(new EventStore.Entry("deployment-started",
          Subject.deployment(s.serviceName(), s.deploymentId()), s.reason(),
          "deployment " + s.deploymentId() + " of " + s.taskDefinition() + " started"));
    } else if (step instanceof RolloutStep.Complete c) {
      log.add(new EventStore.Entry("deployment-completed", subject(c.deployment()), c.reason(),
          "deployment " + c.deployment().deploymentId() + " of "
              + c.deployment().taskDefinition() + " completed"));
    } else if (step instanceof RolloutStep.Fail f) {
      log.add(new EventStore.Entry("deployment-failed", subject(f.deployment()), f.reason(),
          "deployment " + f.deployment().deploymentId() + " of "
              + f.deployment().taskDefinition() + " failed"));
    } else if (step instanceof RolloutStep.RollBack b) {
      log.add(new EventStore.Entry("rollback",
          Subject.deployment(b.failed().serviceName(), b.deploymentId()), b.reason(),
          "rolled " + b.failed().serviceName() + " back to " + b.to().taskDefinition()));
    } else if (step instanceof RolloutStep.NoRollback n) {
      log.add(new EventStore.Entry("rollback-impossible", Subject.service(n.serviceName()),
          "no completed revision", "cannot roll back " + n.serviceName()
              + ": no earlier deployment completed"));
    }
  }

  private static Subject subject(Deployment d) {
    return Subject.deployment(d.serviceName(), d.deploymentId());
  }

  static List<TaskStore.NewTask> newTasks(PassPlan plan) {
    return plan.placements().stream().map(p -> new TaskStore.NewTask(p.taskId(), p.serviceName(),
        p.deviceId(), p.family(), p.revision(), p.specHash())).toList();
  }
}
