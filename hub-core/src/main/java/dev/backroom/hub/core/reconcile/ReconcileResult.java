package dev.backroom.hub.core.reconcile;

import dev.backroom.hub.core.scheduler.PlacementRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The buckets of one reconciliation. Every observed task is in exactly one of stop, lost and
 * keep; place holds tasks that do not exist yet. Lists are ordered by service name, then task id
 * (or ordinal).
 */
public record ReconcileResult(
    List<PlaceItem> place,
    List<StopItem> stop,
    List<LostItem> lost,
    List<KeepItem> keep) {

  public ReconcileResult {
    place = List.copyOf(place);
    stop = List.copyOf(stop);
    lost = List.copyOf(lost);
    keep = List.copyOf(keep);
  }

  /** True when there is nothing to apply. */
  public boolean isSteady() {
    return place.isEmpty() && stop.isEmpty() && lost.isEmpty();
  }

  /**
   * The scheduler's id for a place item: {@code serviceName#0007}. The zero padding keeps
   * lexicographic order, in which the scheduler works, equal to ordinal order.
   */
  public static String requestId(PlaceItem item) {
    return item.serviceName() + "#" + String.format("%04d", item.ordinal());
  }

  /**
   * Turns the place items into scheduler requests, taking task definition, constraints and
   * strategies from {@code desired}, which must be the state this result was computed from, and
   * the pin from the item. Items whose service is missing from it are skipped.
   */
  public List<PlacementRequest> placementRequests(DesiredState desired) {
    Map<String, DesiredService> byName = new HashMap<>();
    for (DesiredService s : desired.services()) {
      byName.putIfAbsent(s.serviceName(), s);
    }
    List<PlacementRequest> out = new ArrayList<>();
    for (PlaceItem item : place) {
      DesiredService s = byName.get(item.serviceName());
      if (s != null) {
        out.add(new PlacementRequest(requestId(item), s.serviceName(), s.taskDefinition(),
            s.constraints(), s.strategies(), item.pinnedDeviceId()));
      }
    }
    return List.copyOf(out);
  }
}
