package dev.backroom.mqtt.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Mosquitto 2 on a loopback port that lets anyone do anything, for tests about MQTT
 * itself or about the agent, not the store's access rules (mqtt-bridge {@code security} and the
 * hub test those). Shared with device-agent's tests through this module's test jar. Fails with
 * what to install when Mosquitto is missing.
 */
public final class TestMosquitto implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private TestMosquitto(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The broker's process id, for tests that freeze it (SIGSTOP). */
  public long pid() {
    return process.pid();
  }

  public static TestMosquitto start(int port) {
    try {
      Path dir = Files.createTempDirectory("backroom-test-mosquitto");
      Path conf = dir.resolve("mosquitto.conf");
      Files.writeString(conf, String.join("\n", "user " + System.getProperty("user.name"),
          "listener " + port + " 127.0.0.1", "allow_anonymous true", "persistence false",
          "max_queued_messages 100000", "log_dest stdout", ""));
      Path log = dir.resolve("mosquitto.log");
      Process p = new ProcessBuilder(binary(), "-c", conf.toString()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      try {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25))
            .until(() -> !p.isAlive() || listens(port));
      } catch (ConditionTimeoutException e) {
        // reported below with the broker's log
      }
      if (!p.isAlive() || !listens(port)) {
        p.destroyForcibly();
        throw new IllegalStateException("mosquitto did not start: " + Files.readString(log));
      }
      return new TestMosquitto(p, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean listens(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  public static String binary() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("mosquitto is not installed: these tests need a real"
        + " Mosquitto 2 (apt-get install mosquitto)");
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
