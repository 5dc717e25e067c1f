package dev.backroom.mqtt.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto 2 on a loopback port that lets anyone do anything: the transport's tests are
 * about MQTT itself, not the store's access rules (mqtt-bridge {@code security} and the hub test
 * those). Fails with what to install when Mosquitto is missing.
 */
final class TestMosquitto implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private TestMosquitto(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static TestMosquitto start(int port) {
    try {
      Path dir = Files.createTempDirectory("backroom-test-mosquitto");
      Path conf = dir.resolve("mosquitto.conf");
      Files.writeString(conf, String.join("\n", "user " + System.getProperty("user.name"),
          "listener " + port + " 127.0.0.1", "allow_anonymous true", "persistence false",
          "max_queued_messages 100000", "log_dest stdout", ""));
      Path log = dir.resolve("mosquitto.log");
      Process p = new ProcessBuilder(binary(), "-c", conf.toString()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 200);
          return new TestMosquitto(p, port, log);
        } catch (IOException notYet) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            p.destroyForcibly();
            throw new IllegalStateException("mosquitto did not start: " + Files.readString(log));
          }
          Thread.sleep(25);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String binary() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("mosquitto is not installed: these tests need a real"
        + " Mosquitto 2 (apt-get install mosquitto)");
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  int port() {
    return port;
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
