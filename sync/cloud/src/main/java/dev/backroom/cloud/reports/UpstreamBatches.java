package dev.backroom.cloud.reports;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.batch.SequenceVerdict;
import dev.backroom.sync.wire.BatchReceipt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

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

  /** What to do with an accepted batch, inside the transaction. */
  @FunctionalInterface
  public interface Accept {
    void store();
  }

  /** An upstream channel and the column of the stores row holding its last accepted sequence. */
  public enum Channel {
    REPORTS("report_sequence"),
    TELEMETRY("telemetry_sequence");

    final String column;

    Channel(String column) {
      this.column = column;
    }
  }

  /**
   * @param channel whose last accepted sequence the locked store row holds
   * @param accept stores the batch and records {@code sequence} as the channel's last
   * @throws jakarta.ws.rs.WebApplicationException 409 sequence_gap with the expected sequence
   */
  public BatchReceipt receive(String storeId, long sequence, Channel channel, Accept accept) {
    if (SequenceVerdict.classify(0, sequence) instanceof SequenceVerdict.Invalid bad) {
      throw CloudError.badRequest(bad.reason());
    }
    return jdbc.inTransaction(() -> {
      // The channel's sequence alone, not the whole row: a batch needs nothing else of it.
      long last = jdbc.queryOne("SELECT " + channel.column + " FROM stores WHERE id = ? FOR UPDATE",
          rs -> rs.getLong(1), storeId)
          .orElseThrow(() -> CloudError.unauthorized("store " + storeId + " no longer exists"));
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
      accept.store();
      return new BatchReceipt(sequence, false);
    });
  }
}
