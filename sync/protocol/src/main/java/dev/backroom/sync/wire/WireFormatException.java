package dev.backroom.sync.wire;

/** A body that is not JSON or does not fit its record; {@code path} is where, e.g. {@code events[2].at}. */
public final class WireFormatException extends IllegalArgumentException {
  private final String path;
  private final String reason;

  public WireFormatException(String path, String reason) {
    super(path + ": " + reason);
    this.path = path;
    this.reason = reason;
  }

  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
