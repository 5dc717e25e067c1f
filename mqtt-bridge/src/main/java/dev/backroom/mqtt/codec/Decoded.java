package dev.backroom.mqtt.codec;

/** The outcome of decoding: a typed body, or the reason it was rejected. */
public sealed interface Decoded<T> {
  record Ok<T>(Envelope envelope, T body) implements Decoded<T> {}

  /** {@code reason} is a short stable code (for metrics); {@code detail} is for the log. */
  record Rejected<T>(String reason, String detail) implements Decoded<T> {}
}
