package dev.backroom.e2e;

import java.nio.file.Path;

/** The Will attack against the hub's own Mosquitto, the default setup. */
class ManagedMosquittoWillAttackIT extends WillAttack {
  @Override
  String startBroker(Path dir) {
    return null;
  }

  @Override
  void stopBroker() {}

  @Override
  boolean hubReadsTheBrokersLog() {
    return true;
  }
}
