package dev.backroom.e2e;

import java.nio.file.Path;

/** The store end to end with the Mosquitto the hub runs itself, the default setup. */
class ManagedMosquittoStoreIT extends StoreEndToEnd {
  @Override
  String startBroker(Path dir) {
    return null;
  }

  @Override
  void stopBroker() {}
}
