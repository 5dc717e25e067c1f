package dev.backroom.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.hub.auth.AuthTesting;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Verifies the WebSocket caps (quarkus.websockets-next.server.max-frame-size and
 * max-message-size, 64 KiB) that stand in for the out-of-memory fix Quarkus 3.33.2 lacks: an
 * oversized frame, or a message of small frames that adds up past the cap, gets the socket
 * closed by the hub with 1009 (message too big), while a message within the cap keeps it open.
 */
@QuarkusTest
class WebSocketLimitsTest {
  private static final int CAP = 65536;

  @TestHTTPResource("/") URL base;

  /**
   * One frame over the cap, written on a raw socket (the JDK client would split it into frames
   * of at most 64 KiB, which only the message cap would then catch). Netty refuses the frame and
   * Vert.x drops the connection without a close frame, so the proof is the server closing the
   * TCP connection (end of stream, not a read timeout), with 1009 if a close frame comes first.
   */
  @Test
  void oneFrameOverTheCap_closesTheConnection() throws Exception {
    try (java.net.Socket raw = new java.net.Socket(base.getHost(), base.getPort())) {
      raw.setSoTimeout(10_000);
      var out = raw.getOutputStream();
      var in = new java.io.DataInputStream(raw.getInputStream());
      out.write(("GET /ui/ws/pulse HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Authorization: Bearer " + AuthTesting.bootstrapToken() + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.readUnsignedByte());
      }
      assertEquals(true, head.toString().startsWith("HTTP/1.1 101"), head.toString());

      int length = CAP + 1;
      var frame = java.nio.ByteBuffer.allocate(14 + length);
      frame.put((byte) 0x81).put((byte) (0x80 | 127)).putLong(length).putInt(0);
      frame.put(new byte[length]); // masked with a zero key: payload as is
      out.write(frame.array());
      out.flush();

      int code = closeCodeFrom(in);
      assertTrue(code == END_OF_STREAM || code == 1009, "closed with " + code);
    }
  }

  private static final int END_OF_STREAM = -1;

  /**
   * Skips the hub's frames (pulse messages) until its close frame, and returns its status code,
   * or {@link #END_OF_STREAM} if the hub closed the connection without one. A read timeout
   * (the connection left open) fails the test.
   */
  private static int closeCodeFrom(java.io.DataInputStream in) throws Exception {
    while (true) {
      int first = in.read();
      if (first < 0) {
        return END_OF_STREAM;
      }
      int opcode = first & 0x0f;
      long len = in.readUnsignedByte() & 0x7f;
      if (len == 126) {
        len = in.readUnsignedShort();
      } else if (len == 127) {
        len = in.readLong();
      }
      byte[] payload = in.readNBytes((int) len);
      if (opcode == 8) {
        return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
      }
    }
  }

  @Test
  void smallFramesAddingUpOverTheCap_closeWith1009() throws Exception {
    Socket s = open();
    s.ws.sendText("x".repeat(CAP / 2), false).join();
    s.ws.sendText("x".repeat(CAP / 2), false).join();
    s.ws.sendText("x".repeat(16), true);
    assertEquals(1009, s.closeCode.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aMessageWithinTheCap_keepsTheSocketOpen() throws Exception {
    Socket s = open();
    s.ws.sendText("x".repeat(CAP - 1024), true).join();
    s.ws.sendPing(java.nio.ByteBuffer.wrap(new byte[] {1})).join();
    s.pong.get(10, TimeUnit.SECONDS);
    assertEquals(false, s.closeCode.isDone());
    s.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
  }

  private record Socket(WebSocket ws, CompletableFuture<Integer> closeCode,
      CompletableFuture<Void> pong) {}

  private Socket open() throws Exception {
    CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    CompletableFuture<Void> pong = new CompletableFuture<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + AuthTesting.bootstrapToken())
        .buildAsync(URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ui/ws/pulse"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onPong(WebSocket w, java.nio.ByteBuffer message) {
                pong.complete(null);
                w.request(1);
                return null;
              }

              @Override
              public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                closeCode.complete(status);
                return null;
              }

              @Override
              public void onError(WebSocket w, Throwable error) {
                closeCode.completeExceptionally(error);
              }
            }).get(10, TimeUnit.SECONDS);
    return new Socket(ws, closeCode, pong);
  }
}
