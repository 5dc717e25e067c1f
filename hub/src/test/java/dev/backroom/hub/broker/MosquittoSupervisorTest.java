package dev.backroom.hub.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's idea of "up" against a real Mosquitto: only its own process, alive and
 * saying it runs, counts; a port someone else holds fails the start at once with the port named.
 */
class MosquittoSupervisorTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;

  /** Another broker (here any listening socket) on our port is not our broker. */
  @Test
  void portHeldByAnotherProcess_failsFast_namingThePort() throws Exception {
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = other.getLocalPort();
      MosquittoSupervisor s = supervisor(port);
      long t0 = System.nanoTime();
      MosquittoPortInUseException e = assertThrows(MosquittoPortInUseException.class,
          () -> s.start(WAIT), "a port that merely accepts connections was taken for our broker");
      s.close();
      assertEquals(port, e.port());
      assertTrue(e.getMessage().contains("port " + port) && e.getMessage().contains("systemctl"),
          e.getMessage());
      assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(5)) < 0,
          "not fast: " + Duration.ofNanos(System.nanoTime() - t0));
      assertEquals(-1, s.pid());
    }
  }

  /** The parent-death signal follows the forking thread: a short-lived caller must not matter. */
  @Test
  void brokerStartedFromAShortLivedThread_outlivesIt() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    MosquittoSupervisor s = supervisor(port);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread starter = new Thread(() -> {
      try {
        s.start(WAIT);
      } catch (Throwable t) {
        failed.set(t);
      }
    }, "short-lived-starter");
    try {
      starter.start();
      starter.join();
      assertEquals(null, failed.get());
      long pid = s.pid();
      assertNotEquals(-1L, pid);
      // A parent-death signal from the starter's exit would end the broker within milliseconds:
      // it must stay alive throughout a second, then still answer a CONNECT with CONNACK 0.
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(
          () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertEquals(0, connackCode(port), "the broker still serves after its starter exited");
      assertEquals(pid, s.pid());
    } finally {
      s.close();
    }
  }

  /**
   * The JVM hook leaves the broker to the hub's orderly stop: it kills nothing while the hub
   * still winds down (its control loop first), and returns once the hub has closed it.
   */
  @Test
  void shutdownHook_waitsForTheOrderlyStop_insteadOfKillingTheBrokerFirst() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    MosquittoSupervisor s = supervisor(port);
    s.start(WAIT);
    long pid = s.pid();
    Thread hook = new Thread(s::destroyNow, "test-hook");
    try {
      hook.start();
      await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(
          () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertEquals(0, connackCode(port), "the broker still serves while the hub winds down");
    } finally {
      s.close();
    }
    hook.join(5_000);
    assertTrue(!hook.isAlive(), "the hook returns once the hub closed the broker");
    await().atMost(Duration.ofSeconds(10)).until(
        () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  /** A port picked free but taken before Mosquitto binds it: the next pick is tried. */
  @Test
  void portZeroPick_takenBeforeTheBrokerBindsIt_isPickedAgain() throws Exception {
    try (ServerSocket thief = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int taken = thief.getLocalPort();
      int next = free.getLocalPort();
      free.close();
      AtomicInteger picks = new AtomicInteger();
      try (ManagedMosquitto m = ManagedMosquitto.start(
          MosquittoSettings.plain(dir.resolve("m"), "127.0.0.1", 0), null, e -> {},
          () -> picks.incrementAndGet() == 1 ? taken : next)) {
        assertEquals(2, picks.get());
        assertEquals(next, m.port());
        assertTrue(m.accounts().usernames().contains("hub"), "the admin connection works");
      }
    }
  }

  /** A hub running as root runs its broker as root: said at every start, and only then. */
  @Test
  void rootHub_isWarnedAbout_unprivilegedIsNot() {
    assertTrue(ManagedMosquitto.rootWarning("root").orElseThrow().contains("runs as root"));
    assertEquals(java.util.Optional.empty(), ManagedMosquitto.rootWarning("backroom"));
  }

  /** A raw MQTT 3.1.1 CONNECT (clean session, client id "probe"); the CONNACK's return code. */
  private static int connackCode(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(new byte[] {0x10, 17, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0,
          60, 0, 5, 'p', 'r', 'o', 'b', 'e'});
      byte[] connack = socket.getInputStream().readNBytes(4);
      assertEquals(4, connack.length, "no CONNACK");
      assertEquals(0x20, connack[0] & 0xff, "not a CONNACK");
      return connack[3];
    }
  }

  private MosquittoSupervisor supervisor(int port) throws IOException {
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n"
        + "log_timestamp false\nlog_dest stdout\n");
    return new MosquittoSupervisor(MosquittoBinary.find(java.util.Optional.empty()), conf,
        "127.0.0.1", List.of(port), line -> {});
  }
}
