package dev.backroom.hub.core.scheduler;

import dev.backroom.config.model.PlacementStrategy;
import java.util.Collection;
import java.util.Comparator;

/**
 * {@code binpack memory|cpu}: the device with the least of that resource left after placement
 * first, which keeps other devices whole for large tasks (or free to be switched off). The task's
 * own request is the same on every device, so ranking by what is free now ranks by what is left.
 */
final class BinpackScorer implements PlacementScorer {
  private final String field;

  BinpackScorer(String field) {
    this.field = field;
  }

  @Override
  public Comparator<DeviceLoad> ranking(TaskRequest task, Collection<DeviceLoad> loads) {
    return PlacementStrategy.CPU.equals(field)
        ? Comparator.comparingInt(DeviceLoad::freeCpuUnits)
        : Comparator.comparingLong(DeviceLoad::freeMemoryMiB);
  }

  @Override
  public boolean local(TaskRequest task) {
    return true;
  }
}
