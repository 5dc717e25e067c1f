package dev.backroom.sync.outbox;

import java.util.Locale;

/** Why a telemetry message left the outbox unsent; the {@code reason} tag and wire value. */
public enum DropReason {
  /** The outbox was full and the message ranked lowest. */
  OVERFLOW,
  /** The message outlived its stream's ttl. */
  TTL;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
