package dev.backroom.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's uplink, as a loopback TCP proxy from 127.0.0.1:{@link #port()} to the cloud. It can
 * fail the way a WAN does: {@link #cut(Mode)} drops every live connection at once and then either
 * swallows new ones without answering (a black hole, like a dead route: the client only learns
 * from its own timeout) or resets them (like a refused connection). It also peeks at the first
 * line of each HTTP request on a connection, so a test can count requests and stall the response
 * to one kind of request part-way, to kill a process while a body is half delivered. Two more
 * WAN failures for the soak: {@link #stallAll()} (every connection, live or new, keeps being
 * accepted but nothing is delivered either way: a link that is up but carries nothing) and
 * {@link #slow} (latency and a byte rate on every forwarded chunk).
 */
public final class TcpProxy implements AutoCloseable {
  public enum Mode { BLACKHOLE, RESET }

  private record Stall(String requestPrefix, int afterBytes, int skip, AtomicInteger seen) {}

  /** Each forwarded chunk waits latencyMillis, then is sent at most bytesPerSecond. */
  private record Slow(long latencyMillis, long bytesPerSecond) {}

  private final ServerSocket server;
  private final int targetPort;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final Set<Socket> swallowed = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> requestLines = new ConcurrentHashMap<>();
  private final AtomicInteger stalled = new AtomicInteger();
  private volatile Mode cut;
  private volatile Stall stall;
  private volatile boolean stallAll;
  private volatile Slow slow;
  private volatile boolean closed;

  private TcpProxy(ServerSocket server, int targetPort) {
    this.server = server;
    this.targetPort = targetPort;
  }

  /** Listens on a free loopback port and forwards to 127.0.0.1:targetPort. */
  public static TcpProxy start(int targetPort) {
    try {
      ServerSocket s = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      TcpProxy p = new TcpProxy(s, targetPort);
      Thread t = new Thread(p::acceptLoop, "proxy-accept-" + s.getLocalPort());
      t.setDaemon(true);
      t.start();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Cuts the link as a black hole. */
  public void cut() {
    cut(Mode.BLACKHOLE);
  }

  /** Closes every live connection and treats new ones per mode until {@link #restore()}. */
  public void cut(Mode mode) {
    cut = mode;
    links.forEach(Link::close);
  }

  /**
   * Lets traffic through again; swallowed connections are reset so their clients retry now, and
   * so are connections that lost bytes to {@link #stallAll()} (their streams have holes).
   */
  public void restore() {
    cut = null;
    stallAll = false;
    swallowed.forEach(TcpProxy::reset);
    swallowed.clear();
    links.stream().filter(l -> l.starved).forEach(Link::close);
  }

  public boolean isCut() {
    return cut != null;
  }

  /**
   * Until {@link #restore()}: live connections stay open and their bytes are read and dropped in
   * both directions; new connections are accepted and answered with nothing. The client sees a
   * link that takes its bytes and never answers, learning only from its own timeouts.
   */
  public void stallAll() {
    stallAll = true;
  }

  public boolean isStalledAll() {
    return stallAll;
  }

  /**
   * Until {@link #clearSlow()}: every chunk forwarded in either direction first waits
   * latency, then goes at most bytesPerSecond (0 for no rate limit). A request and its answer
   * take at least twice the latency.
   */
  public void slow(java.time.Duration latency, long bytesPerSecond) {
    if (latency.isNegative() || bytesPerSecond < 0) {
      throw new IllegalArgumentException("latency and rate must not be negative: " + latency
          + ", " + bytesPerSecond);
    }
    slow = new Slow(latency.toMillis(), bytesPerSecond);
  }

  public void clearSlow() {
    slow = null;
  }

  /**
   * From now on, a response to a request whose first line starts with requestPrefix (e.g.
   * {@code "GET /sync/v1/desired"}) is forwarded only up to afterBytes; the rest is read from the
   * cloud and dropped, so the client waits for a body that never completes.
   */
  public void stallResponses(String requestPrefix, int afterBytes) {
    stallResponses(requestPrefix, afterBytes, 0);
  }

  /**
   * Like {@link #stallResponses(String, int)}, but the first skip matching requests pass whole:
   * "let two uploads through, then stall the third", without racing the client.
   */
  public void stallResponses(String requestPrefix, int afterBytes, int skip) {
    stall = new Stall(requestPrefix, afterBytes, skip, new AtomicInteger());
  }

  /** Stops stalling; connections already stalled are closed so their clients retry. */
  public void clearStall() {
    stall = null;
    links.stream().filter(l -> l.stalled).forEach(Link::close);
  }

  /** How many responses have been stalled since start. */
  public int stalledResponses() {
    return stalled.get();
  }

  /** How many requests whose first line starts with prefix went through, e.g. "POST /sync/v1/telemetry". */
  public int requests(String prefix) {
    return requestLines.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Mode m = cut;
      if (m == Mode.RESET) {
        reset(client);
      } else if (m == Mode.BLACKHOLE || stallAll) {
        swallowed.add(client);
        daemon("proxy-blackhole", () -> drain(client));
      } else {
        try {
          Socket upstream = new Socket();
          upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2_000);
          Link l = new Link(client, upstream);
          links.add(l);
          daemon("proxy-up", l::pumpUp);
          daemon("proxy-down", l::pumpDown);
        } catch (IOException e) {
          reset(client); // the cloud is down: the client sees what it would see without a proxy
        }
      }
    }
  }

  /** One client connection and its upstream twin; the first to end ends both. */
  private final class Link {
    final Socket client;
    final Socket upstream;
    volatile String request = "";
    volatile long forwarded;
    volatile boolean decided;
    volatile boolean stallThis;
    volatile boolean stalled;
    /** Bytes of this connection were dropped by stallAll: it cannot carry on after it. */
    volatile boolean starved;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void pumpUp() {
      byte[] buf = new byte[16 * 1024];
      // Not try-with-resources: closing a socket's stream closes the socket, and closing is
      // decided below (a clean FIN or a reset).
      try {
        InputStream in = client.getInputStream();
        OutputStream out = upstream.getOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
          String head = new String(buf, 0, Math.min(n, 200), StandardCharsets.ISO_8859_1);
          if (head.matches("(?s)^(GET|POST|PUT|DELETE|HEAD|PATCH) .*")) {
            // The JDK client writes a request's head in one go and does not pipeline, so a chunk
            // starting with a method is the start of the next request on this connection.
            String line = head.split("\r\n", 2)[0];
            request = line;
            forwarded = 0;
            decided = false;
            requestLines.computeIfAbsent(line.split("\\?", 2)[0], k -> new AtomicInteger()).incrementAndGet();
          }
          send(out, buf, n);
        }
      } catch (IOException e) {
        // either side went away
      } finally {
        close();
      }
    }

    void pumpDown() {
      byte[] buf = new byte[16 * 1024];
      try {
        InputStream in = upstream.getInputStream();
        OutputStream out = client.getOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
          Stall s = stall;
          if (!decided) {
            // Decided at the response's first byte, not at the request: a long-poll already
            // waiting when the rule is set is stalled too when its answer comes.
            decided = true;
            stallThis = s != null && request.startsWith(s.requestPrefix())
                && s.seen().incrementAndGet() > s.skip();
          }
          int pass = n;
          if (s != null && stallThis) {
            pass = (int) Math.max(0, Math.min(n, s.afterBytes() - forwarded));
            if (pass < n && !stalled) {
              stalled = true;
              TcpProxy.this.stalled.incrementAndGet();
            }
          }
          if (pass > 0) {
            send(out, buf, pass);
            forwarded += pass;
          }
        }
        if (starved) {
          // The cloud ended, but a stalled link delivers nothing, not even the end: the client
          // learns at restore (reset) or from its own timeout.
          return;
        }
        if (!stalled) {
          // A clean end from the cloud stays clean (FIN), so a client never loses the tail of a
          // complete response to a reset; pumpUp closes the rest when the client lets go.
          client.shutdownOutput();
          return;
        }
      } catch (IOException e) {
        // either side went away
      }
      close();
    }

    /** Forwards n bytes, slowly when slowed; drops them while everything is stalled. */
    void send(OutputStream out, byte[] buf, int n) throws IOException {
      if (stallAll) {
        starved = true;
        return;
      }
      Slow s = slow;
      if (s == null) {
        out.write(buf, 0, n);
        out.flush();
        return;
      }
      Ports.sleep(s.latencyMillis());
      int step = s.bytesPerSecond() == 0 ? n : (int) Math.max(1, Math.min(n, s.bytesPerSecond() / 10));
      for (int off = 0; off < n; off += step) {
        int len = Math.min(step, n - off);
        out.write(buf, off, len);
        out.flush();
        if (s.bytesPerSecond() > 0) {
          Ports.sleep(Math.max(1, len * 1000L / s.bytesPerSecond()));
        }
      }
    }

    void close() {
      links.remove(this);
      reset(client);
      reset(upstream);
    }
  }

  private static void drain(Socket s) {
    byte[] buf = new byte[8192];
    try {
      InputStream in = s.getInputStream();
      while (in.read(buf) > 0) {
        // a black hole answers nothing
      }
    } catch (IOException e) {
      // reset by restore()
    }
  }

  /** Closes with RST rather than FIN, so a peer mid-transfer sees an error, not a clean end. */
  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    links.forEach(Link::close);
    swallowed.forEach(TcpProxy::reset);
  }
}
