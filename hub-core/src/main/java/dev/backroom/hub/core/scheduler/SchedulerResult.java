package dev.backroom.hub.core.scheduler;

import java.util.List;

/** Every request ends up in exactly one of the two lists, each in request id order. */
public record SchedulerResult(List<Placement> placed, List<Unplaced> unplaced) {

  public SchedulerResult {
    placed = List.copyOf(placed);
    unplaced = List.copyOf(unplaced);
  }
}
