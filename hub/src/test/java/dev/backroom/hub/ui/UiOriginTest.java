package dev.backroom.hub.ui;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.backroom.hub.auth.AuthTesting;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that every UI WebSocket refuses, at the handshake with 403, a page of another origin
 * carrying a valid credential (cross-site WebSocket hijacking), and accepts the hub's own
 * origin, a configured proxy origin and clients that send no Origin (programs, not browsers).
 * A real WebSocket client (the JDK's) makes each handshake.
 */
@QuarkusTest
class UiOriginTest {
  @TestHTTPResource("/") URL base;

  /** An Origin header (null: none) and the handshake status it must get. */
  record Case(String path, String origin, int status) {
    @Override
    public String toString() {
      return path + " Origin " + origin + " -> " + status;
    }
  }

  static List<Case> cases() {
    return List.of("/ui/ws/pulse", "/ui/ws/tasks/t-origin/logs", "/ui/ws/tasks/t-origin/exec")
        .stream().flatMap(p -> List.of(
            new Case(p, "OWN", 101),
            new Case(p, null, 101),
            new Case(p, "https://hub-proxy.example", 101),
            new Case(p, "http://evil.example", 403),
            new Case(p, "http://localhost.evil.example", 403),
            new Case(p, "http://localhost:1", 403),
            new Case(p, "https://OWN-HOST-PORT", 403),
            new Case(p, "null", 403),
            new Case(p, "http://hub-proxy.example", 403)).stream()).toList();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void handshake_isRefusedUnlessTheOriginIsTheHubsOwn(Case c) throws Exception {
    String own = "http://" + base.getHost() + ":" + base.getPort();
    String origin = c.origin() == null ? null : c.origin().equals("OWN") ? own
        : c.origin().replace("OWN-HOST-PORT", base.getHost() + ":" + base.getPort());
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + AuthTesting.bootstrapToken());
    if (origin != null) {
      b.header("Origin", origin);
    }
    URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + c.path());
    try {
      WebSocket ws = b.buildAsync(uri, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
      ws.abort();
      assertEquals(c.status(), 101, "opened");
    } catch (ExecutionException e) {
      WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class,
          e.getCause());
      if (c.status() == 101) {
        fail("refused with " + h.getResponse().statusCode());
      }
      assertEquals(c.status(), h.getResponse().statusCode());
    }
  }

  /** The refusal is a JSON {error, message} like every other 4xx. */
  @Test
  void refusal_isJsonNamingTheOrigin() {
    AuthTesting.given().header("Connection", "Upgrade").header("Upgrade", "websocket")
        .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
        .header("Origin", "http://evil.example").get("/ui/ws/tasks/t1/exec").then()
        .statusCode(403).contentType("application/json")
        .body("error", equalTo("forbidden_origin"))
        .body("message", containsString("http://evil.example:80"));
  }

  @Test
  void originsNormalise_andOnlyHttpOriginsCount() {
    assertEquals("https://hub.lan:443", Origins.normalize("HTTPS://Hub.LAN").orElseThrow());
    assertEquals("http://[::1]:8080", Origins.normalize("http://[::1]:8080").orElseThrow());
    assertEquals(List.of(true, true, true, true), List.of("file:///x", "http://a/path",
        "http://user@a", "not a uri").stream()
        .map(o -> Origins.normalize(o).isEmpty()).toList());
    assertEquals(true, Origins.refusal("https://hub.lan", true, "hub.lan:443", List.of()).isEmpty());
    assertEquals(true, Origins.refusal("https://hub.lan:443", true, "hub.lan", List.of()).isEmpty());
    assertEquals(false, Origins.refusal("http://hub.lan", true, "hub.lan", List.of()).isEmpty(),
        "a plain page on the same name is another origin");
  }
}
