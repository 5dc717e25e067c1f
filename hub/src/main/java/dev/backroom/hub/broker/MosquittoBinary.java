package dev.backroom.hub.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where the {@code mosquitto} executable is. */
final class MosquittoBinary {
  private MosquittoBinary() {}

  /**
   * {@code configured} when given (it must be executable), else the first {@code mosquitto} on
   * PATH, in /usr/sbin or /usr/local/sbin.
   *
   * @throws IllegalStateException naming how to install it when there is none
   */
  static String find(Optional<String> configured) {
    if (configured.isPresent()) {
      Path p = Path.of(configured.get());
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException("backroom.mqtt.mosquitto-binary=" + p
            + " is not an executable file");
      }
      return p.toString();
    }
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, "mosquitto");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("the hub runs Mosquitto as its MQTT broker, and there is no"
        + " mosquitto executable on PATH or in /usr/sbin: apt-get install mosquitto (2.0 or"
        + " later, with its dynamic-security plugin), set backroom.mqtt.mosquitto-binary, or"
        + " point backroom.mqtt.url at a broker you run");
  }
}
