package dev.backroom.hub.core.reconcile;

import dev.backroom.hub.core.scheduler.DeviceSnapshot;
import java.util.List;

/**
 * The hub's non-terminal tasks and the devices it currently knows, as of one read. Device ids
 * should be unique (the first of duplicates wins); a task's device missing from the list counts
 * as LOST.
 */
public record ObservedState(List<ObservedTask> tasks, List<DeviceSnapshot> devices) {

  public ObservedState {
    tasks = tasks == null ? List.of() : List.copyOf(tasks);
    devices = devices == null ? List.of() : List.copyOf(devices);
  }
}
