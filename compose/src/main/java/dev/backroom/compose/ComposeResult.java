package dev.backroom.compose;

import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import java.util.List;

/**
 * What a Compose file becomes: either task definitions and services (each already passed
 * config's validators) or refusals, never both, so a caller cannot apply half a file.
 *
 * @param inactiveServices Compose services left out because none of their profiles is active
 *     (Compose's own rule), so a reader sees they were not forgotten
 */
public record ComposeResult(List<TaskDefinition> taskDefinitions, List<Service> services,
    List<String> inactiveServices, List<Refusal> refusals) {

  public ComposeResult {
    taskDefinitions = List.copyOf(taskDefinitions);
    services = List.copyOf(services);
    inactiveServices = List.copyOf(inactiveServices);
    refusals = List.copyOf(refusals);
    if (!refusals.isEmpty() && (!taskDefinitions.isEmpty() || !services.isEmpty())) {
      throw new IllegalArgumentException("a refused file yields refusals only");
    }
  }

  static ComposeResult refused(List<Refusal> refusals) {
    return new ComposeResult(List.of(), List.of(), List.of(), refusals);
  }

  public boolean accepted() {
    return refusals.isEmpty();
  }
}
