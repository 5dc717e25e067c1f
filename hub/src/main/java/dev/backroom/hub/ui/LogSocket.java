package dev.backroom.hub.ui;

import dev.backroom.hub.web.Roles;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

/**
 * A task's live log: opened by the task page, fed from the device through the bridge. A page
 * that reconnects names its last line ({@code ?after=&same=}) and gets only what follows.
 */
@RolesAllowed(Roles.VIEWER)
@WebSocket(path = "/ui/ws/tasks/{taskId}/logs")
public class LogSocket {
  @Inject SessionBridge bridge;
  @Inject UiConfig config;

  @OnOpen
  public void open(WebSocketConnection connection, @PathParam String taskId) {
    SocketBrowser browser = new SocketBrowser(connection, bridge, config.maxPendingFrames());
    String query = connection.handshakeRequest().query();
    bridge.openLog(connection.id(), taskId, browser, LogResume.fromQuery(
        ExecSocket.param(query, "after"), ExecSocket.param(query, "same")));
  }

  /** A log tail takes no input; whatever a browser sends is dropped and counted. */
  @OnTextMessage
  public void message(WebSocketConnection connection, String text) {
    bridge.fromBrowser(connection.id(), text);
  }

  @OnClose
  public void close(WebSocketConnection connection) {
    bridge.close(connection.id(), "browser closed");
  }
}
