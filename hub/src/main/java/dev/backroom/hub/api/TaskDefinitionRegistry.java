package dev.backroom.hub.api;

import dev.backroom.config.model.TaskDefinition;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.events.EventStore;
import dev.backroom.hub.store.TaskDefinitionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Registering and deregistering revisions with the events they record: what the REST API
 * ({@link TaskDefinitionResource}) and the ECS endpoint both do, so both leave the same history.
 * Reading and validating the posted JSON stays with each caller, which words refusals its way.
 */
@ApplicationScoped
public class TaskDefinitionRegistry {
  @Inject TaskDefinitionStore store;
  @Inject EventStore events;

  /**
   * Registers {@code td}, already read by {@code SpecReader}, as its family's next revision by
   * {@code actor}; returns the stored revision.
   */
  public TaskDefinition register(TaskDefinition td, String actor) {
    TaskDefinition stored = store.registerLocal(td, actor);
    // A local spec change is part of the history the cloud sees (docs/sync-protocol.md).
    events.record(Instant.now(), "task-definition-registered", actor, Event.LOCAL,
        EventStore.Subject.none(), null, "task definition " + stored.ref() + " registered");
    return stored;
  }

  /**
   * ECS DeregisterTaskDefinition: the revision becomes INACTIVE; it starts no new service, task
   * or service update, while services already on it keep running it. Deregistering an INACTIVE
   * revision again changes nothing and records nothing.
   *
   * @return the revision as it is now; empty when it is unknown or deleted
   */
  public Optional<TaskDefinitionStore.Revision> deregister(String family, int revision,
      String actor) {
    Optional<TaskDefinitionStore.Revision> before = store.revision(family, revision);
    if (before.isEmpty()) {
      return Optional.empty();
    }
    // Empty when a DeleteTaskDefinitions of the same revision won the race since the read above.
    Optional<TaskDefinitionStore.Revision> after = store.deregister(family, revision,
        Instant.now());
    if (after.isPresent() && before.get().active()) {
      events.record(Instant.now(), "task-definition-deregistered", actor, Event.LOCAL,
          EventStore.Subject.none(), null, "task definition " + family + ":" + revision
              + " deregistered (INACTIVE)");
    }
    return after;
  }
}
