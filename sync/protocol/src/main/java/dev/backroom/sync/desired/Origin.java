package dev.backroom.sync.desired;

import java.util.Locale;

/** Who owns an object on the hub: the cloud's desired state, or someone on site. */
public enum Origin {
  CLOUD,
  LOCAL;

  /** The value of {@code origin} in reported events and the hub's API. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
