package dev.backroom.compose.interpolate;

/** A template Compose would refuse, or a {@code ${VAR:?err}} whose variable is missing. */
public final class InterpolationException extends Exception {
  public InterpolationException(String message) {
    super(message);
  }
}
