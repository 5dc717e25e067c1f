package dev.backroom.hub.ui;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A browser behind a WebSockets Next connection. Sends never block (they are queued on the
 * connection's event loop); at most {@code maxPending} may wait, so a tab on a slow link loses
 * frames instead of growing the hub's heap.
 */
final class SocketBrowser implements BridgeSession.Browser {
  private final WebSocketConnection connection;
  private final SessionBridge bridge;
  private final int maxPending;
  private final AtomicInteger pending = new AtomicInteger();

  SocketBrowser(WebSocketConnection connection, SessionBridge bridge, int maxPending) {
    this.connection = connection;
    this.bridge = bridge;
    this.maxPending = maxPending;
  }

  @Override
  public boolean send(String text) {
    if (!connection.isOpen()) {
      return true; // closing; not the browser's slowness
    }
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      return false;
    }
    connection.sendText(text).subscribe().with(ok -> pending.decrementAndGet(),
        err -> pending.decrementAndGet());
    return true;
  }

  @Override
  public void close(String reason) {
    if (!connection.isOpen()) {
      return;
    }
    String text = bridge.frame("end", reason);
    connection.sendText(text).onTermination().call(() -> connection.close(
        new CloseReason(CloseReason.NORMAL.getCode(), fit(reason)))).subscribe().with(ok -> {},
            err -> {});
  }

  /** A close frame's reason is at most 123 bytes. */
  private static String fit(String reason) {
    String r = reason == null ? "" : reason;
    while (r.getBytes(StandardCharsets.UTF_8).length > 120) {
      r = r.substring(0, r.length() - 1);
    }
    return r;
  }
}
