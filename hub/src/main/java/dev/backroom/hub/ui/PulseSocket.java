package dev.backroom.hub.ui;

import dev.backroom.hub.auth.Roles;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

/**
 * The pages' live beat: {@code refresh <version>} whenever {@link UiPulse} sees a change. A
 * WebSocket rather than server-sent events, so that the stream is guarded like the other
 * sockets and never mistaken for a finite REST response. Handshakes from other sites' pages
 * get nothing.
 */
@RolesAllowed(Roles.VIEWER)
@WebSocket(path = "/ui/ws/pulse")
public class PulseSocket {
  @Inject UiPulse pulse;

  @OnOpen
  public Multi<String> open(WebSocketConnection connection) {
    if (!SocketBrowser.sameOrigin(connection.handshakeRequest())) {
      connection.close().subscribe().with(ok -> {}, err -> {});
      return Multi.createFrom().empty();
    }
    return pulse.versions().map(v -> "refresh " + v);
  }
}
