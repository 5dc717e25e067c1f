package dev.backroom.hub.broker.dynsec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real Mosquitto with the dynamic-security plugin, configured by {@link DynsecBootstrap}, on a
 * free loopback port. Fails with what to install when the binary or the plugin is missing.
 */
final class MosquittoFixture implements AutoCloseable {
  static final String ADMIN = "dynsec-admin";
  static final char[] ADMIN_PASSWORD = "admin-secret-1".toCharArray();

  private final Process process;
  private final int port;
  private final Path log;

  private MosquittoFixture(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static MosquittoFixture start(Path dir) throws IOException {
    int port = freePort();
    Path conf = DynsecBootstrap.write(dir, port, ADMIN, ADMIN_PASSWORD);
    Path log = dir.resolve("mosquitto.log");
    Process p = new ProcessBuilder(binary(), "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    MosquittoFixture m = new MosquittoFixture(p, port, log);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("mosquitto exited: " + Files.readString(log));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return m;
      } catch (IOException notYet) {
        sleep(50);
      }
    }
    m.close();
    throw new IllegalStateException("mosquitto did not listen on " + port + ": " + Files.readString(log));
  }

  static String binary() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("mosquitto is not installed: this test needs a real Mosquitto 2"
        + " with its dynamic-security plugin (apt-get install mosquitto); .ci/run installs it");
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
