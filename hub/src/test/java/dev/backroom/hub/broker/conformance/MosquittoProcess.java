package dev.backroom.hub.broker.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Mosquitto child process started from a configuration file, for a broker the test itself
 * runs. Fails with what to install when the binary is missing: these tests are never skipped.
 */
final class MosquittoProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private MosquittoProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static MosquittoProcess start(Path conf, int port, Path log) throws IOException {
    Process p = new ProcessBuilder(binary(), "-c", conf.toString()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    MosquittoProcess m = new MosquittoProcess(p, port, log);
    try {
      Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
          .until(() -> !p.isAlive() || listens(port));
    } catch (ConditionTimeoutException e) {
      // reported below
    }
    if (!p.isAlive()) {
      throw new IllegalStateException("mosquitto exited at start: " + m.log());
    }
    if (!listens(port)) {
      m.close();
      throw new IllegalStateException("mosquitto did not listen on " + port + ": " + m.log());
    }
    return m;
  }

  private static boolean listens(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  static String binary() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin")
        .split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("mosquitto is not installed: the broker conformance suite"
        + " needs a real Mosquitto 2 with its dynamic-security plugin (apt-get install mosquitto)");
  }

  int port() {
    return port;
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
}
