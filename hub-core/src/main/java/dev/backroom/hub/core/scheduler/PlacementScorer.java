package dev.backroom.hub.core.scheduler;

import java.util.Collection;
import java.util.Comparator;

/**
 * Ranks feasible devices for a task, best first. The scheduler appends device id as the last
 * tie-breaker, so a scorer need not make its order total.
 */
interface PlacementScorer {

  /**
   * @param loads every device of the call with its current load, feasible or not: spreading over
   *     an attribute has to count tasks on devices that cannot take this one
   */
  Comparator<DeviceLoad> ranking(TaskRequest task, Collection<DeviceLoad> loads);

  /**
   * True when a device's rank depends on its own load only, never on the other devices': the
   * scheduler may then re-rank just the device it placed on. False unless a scorer says so.
   */
  default boolean local(TaskRequest task) {
    return false;
  }
}
