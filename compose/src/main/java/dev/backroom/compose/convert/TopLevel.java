package dev.backroom.compose.convert;

import dev.backroom.config.model.Volume;
import dev.backroom.config.model.Volume.DockerVolumeConfiguration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The file's top-level keys other than services: the volumes and what is refused or ignored. */
final class TopLevel {
  static final Map<String, String> REFUSED = Map.of(
      "networks", "a device has no per-project networks: tasks join the device's bridge"
          + " network, or host/none through network_mode; remove networks",
      "secrets", "there is no secret store at the edge yet; use environment or env_file",
      "configs", "there is no config store at the edge yet; use a bind mount",
      "include", "include reads other files; merge them into one file",
      "models", "Compose models are not supported; run the model server as a service");

  private TopLevel() {}

  /**
   * Each declared volume as the shared Docker volume it is: named {@code PROJECT_KEY} as Compose
   * names it, or by its {@code name}; created when missing unless {@code external}.
   */
  static Map<String, Volume> volumes(Fields top, String project) {
    Map<String, Volume> out = new LinkedHashMap<>();
    Fields all = top.mapping("volumes");
    if (all == null) {
      return out;
    }
    for (String key : all.keys()) {
      Object raw = all.take(key);
      Fields v = raw == null ? null : Fields.of(null, all.at(key), raw, top.problems());
      String name = project + "_" + key;
      boolean external = false;
      String driver = null;
      Map<String, String> opts = null;
      Map<String, String> labels = null;
      if (v != null) {
        String given = v.string("name");
        name = given != null ? given : name;
        external = Boolean.TRUE.equals(v.bool("external"));
        driver = v.string("driver");
        if (driver != null && !driver.equals("local")) {
          v.refuse(v.at("driver"), "only the local driver is on a device; use local or leave"
              + " it out");
        }
        opts = v.dictionary("driver_opts", '=');
        labels = v.dictionary("labels", '=');
        if (labels != null) {
          labels.replaceAll((k, val) -> val == null ? "" : val);
        }
        v.refuseUnread(Map.of(), "a volume key");
      }
      out.put(key, new Volume(name, null, new DockerVolumeConfiguration(
          DockerVolumeConfiguration.SHARED, external ? null : Boolean.TRUE, driver, opts, labels)));
    }
    return out;
  }
}
