package dev.backroom.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.store.TaskDefinitionStore;
import java.time.Instant;

/**
 * A revision as ECS DescribeTaskDefinition shows it: the definition's fields, its
 * {@code status} (ACTIVE, INACTIVE once deregistered, DELETED in a delete's answer), when it
 * was registered and deregistered, and who registered it on site (absent for a revision from the
 * cloud).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskDefinitionView(@JsonUnwrapped TaskDefinition taskDefinition, String status,
    Instant registeredAt, Instant deregisteredAt, String registeredBy) {

  static TaskDefinitionView of(TaskDefinitionStore.Revision r) {
    return new TaskDefinitionView(r.taskDefinition(), r.status(), r.registeredAt(),
        r.deregisteredAt(), r.registeredBy());
  }
}
