package dev.backroom.agent.model;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.TaskDefinition;

/**
 * One container the assignment asks for. {@code specHash} is the task's hash as the hub sent it;
 * a container labelled with the same hash is never recreated. {@code held} is the task's hold:
 * the agent then leaves every container of the task exactly as it is.
 */
public record DesiredContainer(
    ContainerKey key,
    String serviceName,
    String specHash,
    long generation,
    TaskDefinition task,
    ContainerDefinition container,
    boolean held) {

  /** A container of a task that is not held. */
  public DesiredContainer(ContainerKey key, String serviceName, String specHash, long generation,
      TaskDefinition task, ContainerDefinition container) {
    this(key, serviceName, specHash, generation, task, container, false);
  }

  /** What an init container without a restart policy gets: run once, to completion. */
  public static final RestartPolicy RUN_TO_COMPLETION =
      new RestartPolicy(null, RestartPolicy.NEVER, null, null, null);

  /**
   * The restart policy the agent applies. An explicit {@code restartPolicy} is taken as written.
   * Without one, a non-essential container that a sibling waits for with COMPLETE or SUCCESS is
   * an init step (a migration, a fetch): it runs to completion and is never restarted, as in
   * ECS, instead of Backroom's service default {@code always}, which would re-run it for as long
   * as the task runs. Every other container gets the default.
   */
  public RestartPolicy restartPolicy() {
    if (container.restartPolicy() != null) {
      return container.restartPolicy();
    }
    return !container.isEssential() && awaitedToFinish() ? RUN_TO_COMPLETION
        : RestartPolicy.DEFAULT;
  }

  private boolean awaitedToFinish() {
    if (task == null || task.containerDefinitions() == null) {
      return false;
    }
    String name = container.name();
    for (ContainerDefinition sibling : task.containerDefinitions()) {
      if (sibling == null) {
        continue;
      }
      for (ContainerDependency dep : sibling.dependencies()) {
        if (dep != null && name != null && name.equals(dep.containerName())
            && (ContainerDependency.COMPLETE.equals(dep.condition())
            || ContainerDependency.SUCCESS.equals(dep.condition()))) {
          return true;
        }
      }
    }
    return false;
  }
}
