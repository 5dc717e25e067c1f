package dev.backroom.cloud.reports;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.cloud.stores.StoreRecord;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.batch.SequenceVerdict;
import dev.backroom.sync.wire.BatchReceipt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.function.ToLongFunction;

/**
 * The exactly-once rule of both upstream channels. The sequence check and the insert are one
 * transaction holding the store row lock, so two instances receiving the same resent batch at
 * once serialise: the second sees the first's sequence and answers duplicate.
 */
@ApplicationScoped
public class UpstreamBatches {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  @Inject StoreStore stores;

  /** What to do with an accepted batch, inside the transaction. */
  @FunctionalInterface
  public interface Accept {
    void store(StoreRecord lockedStore);
  }

  /**
   * @param lastAccepted reads the channel's last accepted sequence from the locked store row
   * @param accept stores the batch and records {@code sequence} as the channel's last
   * @throws jakarta.ws.rs.WebApplicationException 409 sequence_gap with the expected sequence
   */
  public BatchReceipt receive(String storeId, long sequence, ToLongFunction<StoreRecord> lastAccepted,
      Accept accept) {
    if (SequenceVerdict.classify(0, sequence) instanceof SequenceVerdict.Invalid bad) {
      throw CloudError.badRequest(bad.reason());
    }
    return jdbc.inTransaction(() -> {
      StoreRecord s = stores.lock(storeId)
          .orElseThrow(() -> CloudError.unauthorized("store " + storeId + " no longer exists"));
      long last = lastAccepted.applyAsLong(s);
      SequenceVerdict v = SequenceVerdict.classify(last, sequence);
      if (v instanceof SequenceVerdict.Duplicate d) {
        return new BatchReceipt(d.acceptedSequence(), true);
      }
      if (v instanceof SequenceVerdict.Gap g) {
        throw CloudError.sequenceGap(g.expected(), g.got());
      }
      if (v instanceof SequenceVerdict.Invalid bad) {
        throw CloudError.badRequest(bad.reason());
      }
      accept.store(s);
      return new BatchReceipt(sequence, false);
    });
  }
}
