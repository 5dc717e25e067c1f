package dev.backroom.hub.views;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.hub.core.scheduler.Unplaced;
import java.time.Instant;
import java.util.List;

/**
 * A service as ECS DescribeServices shows it, plus why pending tasks found no device and where it
 * came from ({@code origin}: local or cloud). {@code cluster} and {@code launchType} are returned
 * as posted (they have no effect on a hub; absent when not posted).
 */
public record ServiceView(
    String serviceName,
    String taskDefinition,
    int desiredCount,
    long runningCount,
    long pendingCount,
    List<PlacementConstraint> placementConstraints,
    List<Unplaced> unplaced,
    Instant createdAt,
    Instant updatedAt,
    String origin,
    String cluster,
    String launchType) {}
