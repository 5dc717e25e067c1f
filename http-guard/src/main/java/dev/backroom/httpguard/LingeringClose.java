package dev.backroom.httpguard;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Closes a connection whose request body was refused unread (413) without losing the answer.
 * Closing at once while the client still sends makes the kernel answer the rest with a reset,
 * which can throw away the response before the client reads it; so the rest is read and dropped,
 * up to {@link #DRAIN_BYTES} or {@link #DRAIN_MILLIS}, then the connection closes.
 */
public final class LingeringClose {
  static final long DRAIN_BYTES = 16L * 1024 * 1024;
  static final long DRAIN_MILLIS = 3_000;

  private LingeringClose() {}

  /** Call once the answer was ended. */
  public static void after(Vertx vertx, HttpServerRequest request) {
    long[] drained = {0};
    long timer = vertx.setTimer(DRAIN_MILLIS, t -> request.connection().close());
    request.handler(buffer -> {
      drained[0] += buffer.length();
      if (drained[0] > DRAIN_BYTES) {
        vertx.cancelTimer(timer);
        request.connection().close();
      }
    });
    request.endHandler(v -> {
      vertx.cancelTimer(timer);
      request.connection().close();
    });
    request.resume();
  }
}
