package dev.backroom.e2e;

import java.nio.file.Path;

/** The store end to end with the hub's embedded Moquette broker, the default setup. */
class EmbeddedBrokerStoreIT extends StoreEndToEnd {
  @Override
  String startBroker(Path dir) {
    return null;
  }

  @Override
  void stopBroker() {}
}
