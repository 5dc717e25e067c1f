package dev.backroom.agent.model;

import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What this device must run, flattened to containers and sorted by key so every consumer sees
 * the same order. {@code generation} is -1 before any assignment was ever accepted.
 */
public record DesiredState(String deviceId, long generation, List<DesiredContainer> containers,
    List<AssignedTask> tasks) {

  public DesiredState {
    containers = List.copyOf(containers);
    tasks = List.copyOf(tasks);
  }

  public static DesiredState nothing(String deviceId) {
    return new DesiredState(deviceId, -1, List.of(), List.of());
  }

  /**
   * Flattens an accepted assignment. A missing spec hash is computed the way the hub does; a
   * task's hold is carried to each of its containers.
   */
  public static DesiredState of(Assignment a) {
    List<DesiredContainer> out = new ArrayList<>();
    List<AssignedTask> tasks = new ArrayList<>();
    for (AssignedTask t : a.tasks()) {
      String hash = t.specHash() != null ? t.specHash() : SpecHash.of(t.taskDefinition());
      tasks.add(new AssignedTask(t.taskId(), t.serviceName(), t.taskDefinition(), hash,
          t.held()));
      for (ContainerDefinition c : t.taskDefinition().containers()) {
        out.add(new DesiredContainer(new ContainerKey(t.taskId(), c.name()), t.serviceName(), hash,
            a.generation(), t.taskDefinition(), c, t.isHeld()));
      }
    }
    out.sort(Comparator.comparing(DesiredContainer::key));
    tasks.sort(Comparator.comparing(AssignedTask::taskId));
    return new DesiredState(a.deviceId(), a.generation(), out, tasks);
  }
}
