package dev.backroom.hub.core.scheduler;

import java.util.Collection;
import java.util.Comparator;

/**
 * {@code spread instanceId}: fewest tasks of the service on the device first, so one device
 * failing loses as few of them as possible.
 */
final class SpreadScorer implements PlacementScorer {
  @Override
  public Comparator<DeviceLoad> ranking(TaskRequest task, Collection<DeviceLoad> loads) {
    return Comparator.comparingInt(l -> l.tasksOf(task.serviceName()));
  }

  @Override
  public boolean local(TaskRequest task) {
    return true;
  }
}
