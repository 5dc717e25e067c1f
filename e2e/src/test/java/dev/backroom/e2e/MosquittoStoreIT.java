package dev.backroom.e2e;

import dev.backroom.harness.MosquittoProcess;
import java.nio.file.Path;
import java.util.Map;

/**
 * The store end to end with a real, secured Mosquitto as the external broker, started by the
 * test: dynamic-security plugin, anonymous refused, and every account (the hub's, each enrolled
 * agent's) made by the hub through the plugin.
 */
class MosquittoStoreIT extends StoreEndToEnd {
  private MosquittoProcess mosquitto;

  @Override
  String startBroker(Path dir) {
    mosquitto = MosquittoProcess.startSecured(dir.resolve("mosquitto"));
    return mosquitto.uri();
  }

  @Override
  Map<String, String> hubSettings() {
    return mosquitto.hubSettings();
  }

  @Override
  void stopBroker() {
    if (mosquitto != null) {
      mosquitto.stop();
    }
  }
}
