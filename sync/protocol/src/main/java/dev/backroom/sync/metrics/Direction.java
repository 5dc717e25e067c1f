package dev.backroom.sync.metrics;

/** The {@code direction} tag: up is hub to cloud, down is cloud to hub. */
public enum Direction {
  UP,
  DOWN;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
