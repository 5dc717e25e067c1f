package dev.backroom.hub.scheduler;

import java.util.Comparator;

/**
 * Ranks feasible devices for a task, best first. The scheduler appends device id as the last
 * tie-breaker, so a scorer need not make its order total.
 */
interface PlacementScorer {
  Comparator<DeviceLoad> ranking(TaskRequest task);
}
