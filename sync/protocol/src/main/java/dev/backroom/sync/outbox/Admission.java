package dev.backroom.sync.outbox;

import java.util.List;

/**
 * The outcome of offering a message to the outbox.
 *
 * @param admitted whether the offered message is stored; when false it is dropped as
 *     {@link DropReason#OVERFLOW} and counted like any evicted one
 * @param evictions messages to delete in the same transaction, expired ones first
 */
public record Admission(boolean admitted, List<Eviction> evictions) {
  public Admission {
    evictions = List.copyOf(evictions);
  }
}
