package dev.backroom.sync.wire;

import java.util.List;

/**
 * The downstream answer: changes after the hub's applied revision up to {@code revision}. When
 * {@code full} is set, the changes are the whole effective state and anything cloud-owned that is
 * missing from them is gone.
 */
public record DesiredChanges(String storeId, long revision, boolean full, List<DesiredChange> changes) {
  public DesiredChanges {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
