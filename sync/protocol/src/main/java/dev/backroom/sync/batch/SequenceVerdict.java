package dev.backroom.sync.batch;

/** What the cloud does with an upstream batch, from its sequence alone. */
public sealed interface SequenceVerdict {
  /** {@code sequence = last + 1}: store it, in one transaction with the new last. */
  record Accept(long sequence) implements SequenceVerdict {}

  /** {@code sequence <= last}: answer 200 {@code duplicate: true} with {@code last}, store nothing. */
  record Duplicate(long acceptedSequence) implements SequenceVerdict {}

  /** {@code sequence > last + 1}: answer 409 {@code sequence_gap} with {@code expected}. */
  record Gap(long expected, long got) implements SequenceVerdict {}

  /** {@code sequence < 1}: a malformed batch, 400. */
  record Invalid(String reason) implements SequenceVerdict {}

  /**
   * Classifies {@code sequence} against the store's last accepted one on the same channel
   * (0 when none was accepted yet).
   */
  static SequenceVerdict classify(long lastAccepted, long sequence) {
    if (sequence < 1) {
      return new Invalid("sequence must be 1 or more but is " + sequence);
    }
    if (sequence <= lastAccepted) {
      return new Duplicate(lastAccepted);
    }
    if (sequence == lastAccepted + 1) {
      return new Accept(sequence);
    }
    return new Gap(lastAccepted + 1, sequence);
  }
}
