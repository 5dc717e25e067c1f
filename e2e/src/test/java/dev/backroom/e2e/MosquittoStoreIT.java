package dev.backroom.e2e;

import java.nio.file.Path;

/** The store end to end with a real Mosquitto as the external broker, started by the test. */
class MosquittoStoreIT extends StoreEndToEnd {
  private MosquittoProcess mosquitto;

  @Override
  String startBroker(Path dir) {
    mosquitto = MosquittoProcess.start(dir.resolve("mosquitto"));
    return mosquitto.uri();
  }

  @Override
  void stopBroker() {
    if (mosquitto != null) {
      mosquitto.stop();
    }
  }
}
