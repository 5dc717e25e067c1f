package dev.backroom.soak.extra;

/**
 * Something a component saw that breaks a promise (or that the soak must report): which
 * component, a short stable kind for counting ({@code telemetry-lost}, {@code api-5xx}...), and
 * the detail a reader needs to reproduce it.
 */
public record Finding(String component, String kind, String detail) {
  @Override
  public String toString() {
    return component + " " + kind + ": " + detail;
  }
}
