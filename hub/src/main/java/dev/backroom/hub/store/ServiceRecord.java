package dev.backroom.hub.store;

import dev.backroom.config.model.Service;
import java.time.Instant;

/**
 * A stored service; {@code spec.taskDefinition()} is always the concrete family:revision.
 * {@code origin} is {@code local} (created on site) or {@code cloud} (owned by cloud sync).
 */
public record ServiceRecord(Service spec, String taskFamily, int taskRevision, Instant createdAt,
    Instant updatedAt, String origin) {}
