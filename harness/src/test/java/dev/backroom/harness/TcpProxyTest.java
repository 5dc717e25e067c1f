package dev.backroom.harness;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Verifies that the test uplink fails the way the ITs rely on: a cut drops live connections and
 * black-holes or resets new ones, restore heals, and a stalled response never completes.
 */
class TcpProxyTest {
  static final String BIG = "x".repeat(200_000);

  HttpServer server;
  TcpProxy proxy;
  final CountDownLatch slowEntered = new CountDownLatch(1);
  final java.util.concurrent.atomic.AtomicInteger smallServed = new java.util.concurrent.atomic.AtomicInteger();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/small", ex -> {
      smallServed.incrementAndGet();
      reply(ex, "hello");
    });
    server.createContext("/big", ex -> reply(ex, BIG));
    server.createContext("/slow", ex -> {
      slowEntered.countDown();
      Ports.sleep(5_000);
      reply(ex, "late");
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    proxy = TcpProxy.start(server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    proxy.close();
    server.stop(0);
  }

  static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(200, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  String get(String path, Duration timeout) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(proxy.url() + path)).timeout(timeout).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void forwardsRequests_andCountsThemByFirstLine() throws Exception {
    assertEquals("hello", get("/small", Duration.ofSeconds(5)));
    assertEquals(BIG, get("/big", Duration.ofSeconds(5)));
    assertEquals("hello", get("/small?x=1", Duration.ofSeconds(5)));
    assertEquals(2, proxy.requests("GET /small"));
    assertEquals(1, proxy.requests("GET /big"));
  }

  @Test
  void cut_dropsLiveConnection_blackholesNewOnes_andRestoreHeals() throws Exception {
    // A raw socket, because the JDK client silently retries a GET on a fresh connection.
    try (Socket live = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      live.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertTrue(slowEntered.await(10, TimeUnit.SECONDS));
      live.setSoTimeout(3_000);
      proxy.cut();
      assertThrows(IOException.class, () -> {
        if (live.getInputStream().read() == -1) {
          throw new IOException("closed");
        }
      }, "the in-flight request fails at once, not when the server answers");
    }

    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.setSoTimeout(700);
      s.getOutputStream().write("GET /small HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThrows(SocketTimeoutException.class, in::read, "a black hole answers nothing");
      proxy.restore();
      s.setSoTimeout(5_000);
      assertThrows(IOException.class, () -> {
        if (in.read() == -1) {
          throw new IOException("closed");
        }
      }, "restore resets swallowed connections so their clients retry");
    }
    assertEquals("hello", get("/small", Duration.ofSeconds(5)));
  }

  @Test
  void resetMode_refusesNewConnections() throws Exception {
    proxy.cut(TcpProxy.Mode.RESET);
    assertThrows(IOException.class, () -> get("/small", Duration.ofSeconds(5)));
    proxy.restore();
    assertEquals("hello", get("/small", Duration.ofSeconds(5)));
  }

  @Test
  void stalledResponse_neverCompletes_otherRequestsPass_andClearingHeals() throws Exception {
    proxy.stallResponses("GET /big", 4096);
    assertEquals("hello", get("/small", Duration.ofSeconds(5)));
    var big = http.sendAsync(HttpRequest.newBuilder(URI.create(proxy.url() + "/big")).build(),
        HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stalledResponses() == 1);
    Ports.sleep(1_000);
    assertTrue(!big.isDone(), "the stalled body does not complete");
    proxy.clearStall();
    await().atMost(Duration.ofSeconds(5)).until(big::isCompletedExceptionally);
    assertEquals(BIG, get("/big", Duration.ofSeconds(5)));
  }

  @Test
  void stallWithSkip_letsTheFirstResponsesThroughWhole() throws Exception {
    proxy.stallResponses("GET /big", 4096, 2);
    assertEquals(BIG, get("/big", Duration.ofSeconds(5)));
    assertEquals(BIG, get("/big", Duration.ofSeconds(5)));
    var third = http.sendAsync(HttpRequest.newBuilder(URI.create(proxy.url() + "/big")).build(),
        HttpResponse.BodyHandlers.ofString());
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stalledResponses() == 1);
    proxy.clearStall();
    await().atMost(Duration.ofSeconds(5)).until(third::isCompletedExceptionally);
  }

  @Test
  void upstreamDeathDuringStall_failsTheClient() throws Exception {
    proxy.stallResponses("GET /big", 4096);
    Thread killer = new Thread(() -> {
      await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stalledResponses() == 1);
      server.stop(0);
    });
    killer.start();
    assertThrows(IOException.class, () -> get("/big", Duration.ofSeconds(20)));
    killer.join();
  }

  @Test
  void stallAll_keepsLiveConnectionsOpenButDeliversNothing_newOnesToo_andRestoreHeals() throws Exception {
    try (Socket live = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      // A first exchange on the connection, so it is live and forwarding when the stall begins.
      live.getOutputStream().write("GET /small HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      live.setSoTimeout(5_000);
      InputStream in = live.getInputStream();
      String head = readUntil(in, "hello");
      assertTrue(head.endsWith("hello"), head);

      proxy.stallAll();
      assertTrue(proxy.isStalledAll());
      live.getOutputStream().write("GET /small HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      live.setSoTimeout(1_000);
      assertThrows(SocketTimeoutException.class, in::read, "the live connection takes bytes, answers nothing");
      assertEquals(1, smallServed.get(), "the stalled request never reached the server");

      try (Socket fresh = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        fresh.getOutputStream().write("GET /small HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        fresh.setSoTimeout(700);
        assertThrows(SocketTimeoutException.class, fresh.getInputStream()::read, "a new connection too");
      }

      proxy.restore();
      live.setSoTimeout(5_000);
      assertThrows(IOException.class, () -> {
        if (in.read() == -1) {
          throw new IOException("closed");
        }
      }, "a connection that lost bytes is reset at restore, not resumed with a hole");
    }
    assertEquals("hello", get("/small", Duration.ofSeconds(5)));
  }

  @Test
  void slow_addsLatencyAndThrottles_andClearingRestoresSpeed() throws Exception {
    long t0 = System.nanoTime();
    assertEquals("hello", get("/small", Duration.ofSeconds(5)));
    long fast = (System.nanoTime() - t0) / 1_000_000;

    proxy.slow(Duration.ofMillis(300), 0);
    t0 = System.nanoTime();
    assertEquals("hello", get("/small", Duration.ofSeconds(10)));
    long latent = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(latent >= 600, "a request and its answer wait 300 ms each: " + latent + " ms");

    proxy.slow(Duration.ZERO, 100_000);
    t0 = System.nanoTime();
    assertEquals(BIG, get("/big", Duration.ofSeconds(20)));
    long throttled = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(throttled >= 1_500, "200 kB at 100 kB/s take about 2 s: " + throttled + " ms");

    proxy.clearSlow();
    t0 = System.nanoTime();
    assertEquals(BIG, get("/big", Duration.ofSeconds(5)));
    long cleared = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(cleared < 1_000, "full speed again: " + cleared + " ms (first request " + fast + " ms)");
    assertThrows(IllegalArgumentException.class, () -> proxy.slow(Duration.ofMillis(-1), 0));
  }

  static String readUntil(InputStream in, String end) throws IOException {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith(end)) {
      int c = in.read();
      if (c == -1) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }
}
