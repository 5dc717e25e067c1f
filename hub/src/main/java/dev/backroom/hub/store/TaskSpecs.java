package dev.backroom.hub.store;

import dev.backroom.config.model.TaskDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The task definition a task runs: its revision for a service task, the revision with the
 * RunTask overrides applied for a standalone one. Assignments and resource accounting read it
 * here, so a standalone task's device gets, and is charged for, exactly what was asked.
 */
@ApplicationScoped
public class TaskSpecs {
  @Inject TaskDefinitionStore taskDefinitions;
  @Inject StandaloneTaskStore standalone;

  /** Throws {@link java.util.NoSuchElementException} when the task's definition is gone. */
  public TaskDefinition of(TaskRecord t) {
    if (t.serviceName() == null) {
      return standalone.definition(t.taskId()).orElseThrow();
    }
    return taskDefinitions.find(t.taskFamily(), t.taskRevision()).orElseThrow();
  }
}
