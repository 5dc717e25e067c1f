package dev.backroom.hub.web;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.impl.NoStackTraceThrowable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Global WebSockets Next error handlers (on a bean, not an endpoint, so they serve every endpoint
 * without a handler of its own) for the size caps and for browsers that go away. Unhandled, each
 * would log a stack trace at ERROR.
 * <ul>
 *   <li>{@code max-message-size}: Vert.x's frame aggregator throws an
 *       {@link IllegalStateException}; unhandled it closes with 1011 (internal error), here with
 *       1009 (message too big) and one log line. Any other {@code IllegalStateException} keeps
 *       the default's effect: logged with its stack trace, closed with 1011.
 *   <li>{@code max-frame-size}: Netty's decoder refuses the frame and Vert.x drops the TCP
 *       connection at once, without a close frame; only the log line is left to do.
 *   <li>A browser that vanishes (tab killed, laptop asleep, the store's Wi-Fi dropping) resets
 *       its TCP connection, and a pulse sent in the moment between that and the close meets a
 *       closed socket. Both are the normal life of a page on a shop floor: one line at INFO,
 *       and the socket's own close ends the session as for a closed tab.
 * </ul>
 */
@ApplicationScoped
public class WebSocketErrors {
  private static final Logger LOG = Logger.getLogger(WebSocketErrors.class);
  static final int MESSAGE_TOO_BIG = 1009;

  @OnError
  public void onIllegalState(IllegalStateException e, WebSocketConnection connection) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("max message size")) {
      LOG.warnf("WebSocket %s closed: a message over the size cap (%s)",
          connection.handshakeRequest().path(), message);
      connection.close(new CloseReason(MESSAGE_TOO_BIG, "message too big"))
          .subscribe().with(ok -> {}, err -> {});
      return;
    }
    LOG.errorf(e, "WebSocket %s failed", connection.handshakeRequest().path());
    connection.close(CloseReason.INTERNAL_SERVER_ERROR).subscribe().with(ok -> {}, err -> {});
  }

  @OnError
  public void onCorruptFrame(CorruptedWebSocketFrameException e, WebSocketConnection connection) {
    LOG.warnf("WebSocket %s closed: %s (%s)", connection.handshakeRequest().path(),
        e.getMessage(), e.closeStatus());
    if (!connection.isClosed()) {
      connection.close(new CloseReason(e.closeStatus().code(), e.closeStatus().reasonText()))
          .subscribe().with(ok -> {}, err -> {});
    }
  }

  @OnError
  public void onConnectionLost(IOException e, WebSocketConnection connection) {
    LOG.infof("WebSocket %s: the browser's connection dropped (%s)",
        connection.handshakeRequest().path(), e.toString());
  }

  /**
   * Vert.x reports a send on a closed socket as this bare throwable; any other one keeps the
   * default's effect (ERROR with its trace, closed with 1011).
   */
  @OnError
  public void onNoStackTrace(NoStackTraceThrowable e, WebSocketConnection connection) {
    String path = connection.handshakeRequest().path();
    if (String.valueOf(e.getMessage()).contains("WebSocket is closed")) {
      LOG.infof("WebSocket %s: a message for a browser that had gone", path);
      return;
    }
    LOG.errorf(e, "WebSocket %s failed", path);
    connection.close(CloseReason.INTERNAL_SERVER_ERROR).subscribe().with(ok -> {}, err -> {});
  }
}
