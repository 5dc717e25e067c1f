package dev.backroom.hub.core.reconcile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The result being built by one {@link Reconciler#compute} call. Place items are numbered per
 * service as they are added; the task buckets are sorted once at the end, so the rules may add
 * tasks in whatever order suits their reasoning.
 */
final class Buckets {
  private final List<PlaceItem> place = new ArrayList<>();
  private final List<StopItem> stop = new ArrayList<>();
  private final List<LostItem> lost = new ArrayList<>();
  private final List<KeepItem> keep = new ArrayList<>();
  private final Map<String, String> serviceOfKept = new HashMap<>();
  private final Map<String, Integer> nextOrdinal = new HashMap<>();

  void place(String serviceName, String pinnedDeviceId, String reason) {
    int ordinal = nextOrdinal.merge(serviceName, 1, Integer::sum) - 1;
    place.add(new PlaceItem(serviceName, ordinal, pinnedDeviceId, reason));
  }

  void stop(ObservedTask t, String reason) {
    stop.add(new StopItem(t.taskId(), t.serviceName(), t.deviceId(), reason));
  }

  void lost(ObservedTask t, String reason) {
    lost.add(new LostItem(t.taskId(), t.serviceName(), t.deviceId(), reason));
  }

  void keep(ObservedTask t, String reason) {
    keep.add(new KeepItem(t.taskId(), reason));
    serviceOfKept.put(t.taskId(), String.valueOf(t.serviceName()));
  }

  ReconcileResult result() {
    place.sort(Comparator.comparing(PlaceItem::serviceName).thenComparing(PlaceItem::ordinal));
    stop.sort(Comparator.comparing((StopItem i) -> String.valueOf(i.serviceName()))
        .thenComparing(StopItem::taskId));
    lost.sort(Comparator.comparing((LostItem i) -> String.valueOf(i.serviceName()))
        .thenComparing(LostItem::taskId));
    keep.sort(Comparator.comparing((KeepItem i) -> serviceOfKept.get(i.taskId()))
        .thenComparing(KeepItem::taskId));
    return new ReconcileResult(place, stop, lost, keep);
  }
}
