package dev.backroom.hub.ui;

import dev.backroom.hub.web.Roles;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.WebSocket;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;

/**
 * The pages' live beat: {@code refresh <version>} whenever {@link UiPulse} sees a change. A
 * WebSocket rather than server-sent events, so that the stream is guarded like the other
 * sockets and never mistaken for a finite REST response. Handshakes from other sites' pages
 * are refused before they get here ({@link OriginCheck}).
 */
@RolesAllowed(Roles.VIEWER)
@WebSocket(path = "/ui/ws/pulse")
public class PulseSocket {
  @Inject UiPulse pulse;

  @OnOpen
  public Multi<String> open() {
    return pulse.versions().map(v -> "refresh " + v);
  }
}
