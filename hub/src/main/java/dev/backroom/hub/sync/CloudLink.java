package dev.backroom.hub.sync;

import dev.backroom.sync.wire.BatchReceipt;
import dev.backroom.sync.wire.DesiredChanges;
import java.time.Duration;

/**
 * The three store calls the sync loops make. One binding speaks HTTP to the cloud; the loops
 * neither know nor care, which keeps them testable without a network.
 */
public interface CloudLink {
  /** {@code GET /sync/v1/desired?since=&wait=}: changes after {@code since}, waiting up to {@code wait}. */
  DesiredChanges pollDesired(long since, Duration wait) throws CloudFailure;

  /** {@code POST /sync/v1/desired/ack}. */
  void ack(long revision) throws CloudFailure;

  /** {@code POST /sync/v1/reports} with exactly {@code body}, as persisted. */
  BatchReceipt sendReports(byte[] body) throws CloudFailure;

  /** A failed call. {@code status} 0 means unreachable or timed out. */
  class CloudFailure extends Exception {
    private final int status;

    public CloudFailure(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    public int status() {
      return status;
    }

    /** The cloud refused the store's credential: retrying soon will not help. */
    public boolean credentialRefused() {
      return status == 401 || status == 403;
    }
  }
}
