package dev.backroom.hub.scheduler;

import java.util.Comparator;

/**
 * The default strategy: spread a service over devices so one device failing loses as few of its
 * tasks as possible, then balance total load, then prefer the device with most free memory.
 */
final class SpreadScorer implements PlacementScorer {
  @Override
  public Comparator<DeviceLoad> ranking(TaskRequest task) {
    return Comparator.<DeviceLoad>comparingInt(l -> l.tasksOf(task.serviceName()))
        .thenComparingInt(DeviceLoad::taskCount)
        .thenComparing(Comparator.comparingLong(DeviceLoad::freeMemoryMiB).reversed());
  }
}
