package dev.backroom.hub.ui;

import dev.backroom.hub.web.Caller;
import dev.backroom.hub.web.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A terminal into a task's container (docker exec with a TTY on its device). The initial size
 * comes as query parameters {@code cols} and {@code rows}.
 */
@RolesAllowed(Roles.OPERATOR)
@WebSocket(path = "/ui/ws/tasks/{taskId}/exec")
public class ExecSocket {
  @Inject SessionBridge bridge;
  @Inject UiConfig config;
  @Inject SecurityIdentity identity;

  @OnOpen
  public void open(WebSocketConnection connection, @PathParam String taskId) {
    SocketBrowser browser = new SocketBrowser(connection, bridge, config.maxPendingFrames());
    String query = connection.handshakeRequest().query();
    bridge.open(connection.id(), BridgeSession.Kind.EXEC, taskId, intParam(query, "cols"),
        intParam(query, "rows"), browser, who(connection));
  }

  /** The caller as authenticated at the handshake, for the audit log. */
  private ExecAudit.Who who(WebSocketConnection connection) {
    Caller c = Caller.of(identity);
    String remote = connection.handshakeRequest().remoteAddress();
    return new ExecAudit.Who(c == null ? "anonymous" : c.name(), c == null ? null : c.role(),
        c == null ? "none" : c.method(), hostOf(remote));
  }

  /** {@code 127.0.0.1:50312} or {@code [::1]:50312} without the port. */
  static String hostOf(String address) {
    if (address == null) {
      return null;
    }
    int colon = address.lastIndexOf(':');
    String host = colon > 0 && address.substring(colon + 1).matches("\\d+")
        ? address.substring(0, colon) : address;
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  @OnTextMessage
  public void message(WebSocketConnection connection, String text) {
    bridge.fromBrowser(connection.id(), text);
  }

  @OnClose
  public void close(WebSocketConnection connection) {
    bridge.close(connection.id(), "browser closed");
  }

  /** A query parameter's decoded value; null when absent. */
  static String param(String query, String name) {
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith(name + "=")) {
          return URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  static int intParam(String query, String name) {
    if (query == null) {
      return 0;
    }
    for (String kv : query.split("&")) {
      if (kv.startsWith(name + "=")) {
        try {
          return Integer.parseInt(kv.substring(name.length() + 1));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }
}
