package dev.backroom.hub.web;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Global WebSockets Next error handlers (on a bean, not an endpoint, so they serve every endpoint
 * without a handler of its own) for the size caps. Unhandled, each oversized frame or message a
 * client sends would log a stack trace at ERROR.
 * <ul>
 *   <li>{@code max-message-size}: Vert.x's frame aggregator throws an
 *       {@link IllegalStateException}; unhandled it closes with 1011 (internal error), here with
 *       1009 (message too big) and one log line. Any other {@code IllegalStateException} keeps
 *       the default's effect: logged with its stack trace, closed with 1011.
 *   <li>{@code max-frame-size}: Netty's decoder refuses the frame and Vert.x drops the TCP
 *       connection at once, without a close frame; only the log line is left to do.
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
}
