package dev.backroom.hub.mqtt;

import dev.backroom.harness.MosquittoProcess;
import dev.backroom.harness.Ports;
import dev.backroom.hub.broker.dynsec.DynsecBootstrap;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
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
  private MosquittoProcess mosquitto;

  @Override
  public Map<String, String> start() {
    Path dir;
    try {
      dir = Files.createTempDirectory("backroom-mosquitto");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = Ports.free();
    mosquitto = MosquittoProcess.startWith(
        DynsecBootstrap.write(dir, port, ADMIN, ADMIN_PASSWORD.toCharArray()), port);
    uri = mosquitto.uri();
    return Map.of("backroom.mqtt.url", uri,
        "backroom.mqtt.dynsec.admin-username", ADMIN,
        "backroom.mqtt.dynsec.admin-password", ADMIN_PASSWORD);
  }

  @Override
  public void stop() {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }
}
