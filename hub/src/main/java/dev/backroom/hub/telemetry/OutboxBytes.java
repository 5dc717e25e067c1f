package dev.backroom.hub.telemetry;

/**
 * What one message costs against {@code outbox-max-bytes}: its payload plus a fixed share for the
 * row around it, so a flood of empty messages is bounded too.
 */
final class OutboxBytes {
  /** id, stream, seq, times, priority, size and index entries, roughly, in H2. */
  static final int ROW_OVERHEAD = 64;

  private OutboxBytes() {}

  static int of(byte[] payload) {
    return payload.length + ROW_OVERHEAD;
  }
}
