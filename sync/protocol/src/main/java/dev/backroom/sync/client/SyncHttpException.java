package dev.backroom.sync.client;

import java.io.IOException;
import java.util.OptionalLong;

/**
 * The cloud answered with an error status. {@code error} is the body's code (or {@code http_<status>}
 * when the body was not an error body); {@code expected} is set for {@code sequence_gap}.
 */
public final class SyncHttpException extends IOException {
  private final int status;
  private final String error;
  private final OptionalLong expected;

  public SyncHttpException(int status, String error, String message, OptionalLong expected) {
    super("HTTP " + status + " " + error + ": " + message);
    this.status = status;
    this.error = error;
    this.expected = expected;
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public OptionalLong expected() {
    return expected;
  }

  /**
   * Whether the same call may succeed later unchanged: server errors, 408 and 429. Other 4xx
   * (bad credential, expired activation, malformed batch) need something to change first.
   */
  public boolean retryable() {
    return status >= 500 || status == 408 || status == 429;
  }
}
