package dev.backroom.sync.wire;

/** The 409 answer to a batch that skips sequences: {@code expected} is the one the cloud wants. */
public record SequenceGapBody(String error, String message, long expected) {
  public static SequenceGapBody of(long expected, long got) {
    return new SequenceGapBody(ErrorCodes.SEQUENCE_GAP,
        "expected sequence " + expected + " but got " + got, expected);
  }
}
