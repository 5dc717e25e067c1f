package dev.backroom.agent.loop;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.reconcile.RestartRecord;
import dev.backroom.agent.state.RestartBookStore;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The restart bookkeeping of each desired container (attempts, backoff, holds), as the pure
 * reconciler reads it and the applier writes it, and its durable copy: saved only when it
 * changed since the last save, so an idle pass writes nothing. Loop thread only.
 */
final class RestartBook {
  private static final Logger LOG = Logger.getLogger(RestartBook.class.getName());

  private final RestartBookStore store;
  private final Map<ContainerKey, RestartRecord> records = new HashMap<>();
  /** The book as last made durable. */
  private Map<ContainerKey, RestartRecord> persisted = Map.of();

  RestartBook(RestartBookStore store) {
    this.store = store;
  }

  /** Takes what the last run left on disk. */
  void load() {
    records.putAll(store.load());
    persisted = Map.copyOf(records);
  }

  /** The live records, which the reconciler reads and the applier updates. */
  Map<ContainerKey, RestartRecord> records() {
    return records;
  }

  /** Forgets the containers no longer desired. */
  void retainDesired(DesiredState desired) {
    Set<ContainerKey> keys = desired.containers().stream().map(d -> d.key())
        .collect(Collectors.toSet());
    records.keySet().retainAll(keys);
  }

  /**
   * Saves the book when it changed since the last save. A failed save is logged and retried on
   * the next pass; enforcement goes on, since keeping the workload up beats exact counting.
   */
  void persist() {
    if (records.equals(persisted)) {
      return;
    }
    try {
      store.save(records);
      persisted = Map.copyOf(records);
    } catch (UncheckedIOException e) {
      LOG.log(Level.WARNING, "cannot persist restart book: {0}", e.getMessage());
    }
  }
}
