package dev.backroom.hub.mqtt;

import dev.backroom.hub.broker.dynsec.DynsecBootstrap;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Mosquitto with only the dynamic-security admin in its plugin file, as written by
 * {@link DynsecBootstrap}; the hub under test must set up everything else. Fails with what to
 * install when Mosquitto or the plugin is missing.
 */
public class SecuredMosquittoResource implements QuarkusTestResourceLifecycleManager {
  static final String ADMIN = "dynsec-admin";
  static final String ADMIN_PASSWORD = "dynsec-admin-pw";
  static volatile String uri;
  private Process process;

  @Override
  public Map<String, String> start() {
    try {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path dir = Files.createTempDirectory("backroom-mosquitto");
      Path conf = DynsecBootstrap.write(dir, port, ADMIN, ADMIN_PASSWORD.toCharArray());
      Path log = dir.resolve("mosquitto.log");
      process = new ProcessBuilder(binary(), "-c", conf.toString()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      long deadline = System.currentTimeMillis() + 10_000;
      while (true) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          break;
        } catch (IOException e) {
          if (!process.isAlive() || System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("mosquitto did not start: " + Files.readString(log));
          }
          Thread.sleep(50);
        }
      }
      uri = "tcp://127.0.0.1:" + port;
      return Map.of("backroom.mqtt.url", uri,
          "backroom.mqtt.dynsec.admin-username", ADMIN,
          "backroom.mqtt.dynsec.admin-password", ADMIN_PASSWORD);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String binary() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("mosquitto is not installed: this test needs a real Mosquitto 2"
        + " with its dynamic-security plugin (apt-get install mosquitto); .ci/run installs it");
  }

  @Override
  public void stop() {
    if (process != null) {
      process.destroy();
    }
  }
}
