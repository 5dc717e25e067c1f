package dev.backroom.hub.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.backroom.hub.store.StandaloneTaskStore.StandaloneTask;
import dev.backroom.hub.store.TaskRecord;

/**
 * A task as the API shows it: the task's fields, and for a standalone task (ECS RunTask, no
 * service) also {@code startedBy}, {@code group}, {@code overrides}, {@code stopCode} and
 * {@code stoppedAt}.
 */
public record TaskView(@JsonUnwrapped TaskRecord task,
    @JsonUnwrapped @JsonIgnoreProperties("taskId") StandaloneTask standalone) {

  public static TaskView of(TaskRecord task) {
    return new TaskView(task, null);
  }
}
