package dev.backroom.hub.ui;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A browser's side of a UI WebSocket, with the JDK client: collects what the hub sends. */
final class BrowserSocket implements AutoCloseable {
  final List<String> received = new CopyOnWriteArrayList<>();
  volatile boolean closed;
  volatile String closeReason;
  private final WebSocket ws;

  /** As the test profile's bootstrap admin. */
  BrowserSocket(URI uri) throws Exception {
    this(uri, null, dev.backroom.hub.auth.AuthTesting.bootstrapToken());
  }

  BrowserSocket(URI uri, String origin) throws Exception {
    this(uri, origin, dev.backroom.hub.auth.AuthTesting.bootstrapToken());
  }

  /**
   * @param origin the Origin header a browser would send, or null for none
   * @param token bearer token, or null for an anonymous handshake
   */
  BrowserSocket(URI uri, String origin, String token) throws Exception {
    WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    ws = b.buildAsync(uri, new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          received.add(partial.toString());
          partial.setLength(0);
        }
        w.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
        closeReason = reason;
        closed = true;
        return null;
      }

      @Override
      public void onError(WebSocket w, Throwable error) {
        closed = true;
      }
    }).get(10, TimeUnit.SECONDS);
  }

  void send(String text) {
    ws.sendText(text, true).join();
  }

  void awaitReceived(String fragment) {
    await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(r -> r.contains(fragment)));
  }

  void awaitClosed() {
    await().atMost(Duration.ofSeconds(10)).until(() -> closed);
  }

  @Override
  public void close() {
    if (!closed) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }
  }
}
