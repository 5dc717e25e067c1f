package dev.backroom.e2e;

import dev.backroom.harness.MosquittoProcess;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Will attack against an operator-run Mosquitto whose dynamic security the hub manages: no
 * container, no host write, the hub's assignments still apply; no event, since the hub does not
 * read that broker's log.
 */
class OperatorMosquittoWillAttackIT extends WillAttack {
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

  @Override
  boolean hubReadsTheBrokersLog() {
    return false;
  }
}
