package dev.backroom.mqtt.signing;

import dev.backroom.mqtt.codec.Envelope;

/** The outcome of verifying a signed envelope: the verified message, or why it was refused. */
public sealed interface Verification<T> {
  /**
   * @param kid the signing key's id
   * @param epoch the hub epoch that signed it (grows with every hub start, see docs)
   * @param seq the hub's signing sequence within {@code epoch} (strictly growing per command)
   */
  record Verified<T>(Envelope envelope, String kid, long epoch, long seq, T body)
      implements Verification<T> {}

  /** {@code reason} is a short stable code (for counters); {@code detail} is for the log. */
  record Refused<T>(String reason, String detail) implements Verification<T> {}
}
