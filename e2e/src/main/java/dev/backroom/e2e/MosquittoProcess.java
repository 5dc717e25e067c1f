package dev.backroom.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real Mosquitto on a free loopback port, as the external broker of a hub. */
public final class MosquittoProcess extends ManagedProcess {
  private final int port;

  private MosquittoProcess(List<String> command, Path log, int port) {
    super("mosquitto", command, log);
    this.port = port;
  }

  /** Finds the binary: {@code BACKROOM_MOSQUITTO}, then /usr/sbin, then PATH. Fails clearly. */
  public static String binary() {
    String env = System.getenv("BACKROOM_MOSQUITTO");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return env;
    }
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("mosquitto is not installed: this test needs a real Mosquitto"
        + " (apt-get install mosquitto, or set BACKROOM_MOSQUITTO); .ci/run installs it");
  }

  public static MosquittoProcess start(Path dir) {
    int port = Ports.free();
    Path conf = dir.resolve("mosquitto.conf");
    try {
      Files.createDirectories(dir);
      // max_queued_messages: the default of 1000 silently drops QoS 1 messages to slow clients.
      Files.writeString(conf, String.join("\n",
          "listener " + port + " 127.0.0.1",
          "allow_anonymous true",
          "persistence false",
          "max_queued_messages 100000",
          "log_dest stdout",
          "log_type error", "log_type warning", "log_type notice", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MosquittoProcess m = new MosquittoProcess(List.of(binary(), "-c", conf.toString()),
        dir.resolve("mosquitto.log"), port);
    m.start();
    Ports.awaitOpen(port, Duration.ofSeconds(10), m.process(), "mosquitto");
    return m;
  }

  public String uri() {
    return "tcp://127.0.0.1:" + port;
  }
}
