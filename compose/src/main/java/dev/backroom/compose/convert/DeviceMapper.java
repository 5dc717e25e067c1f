package dev.backroom.compose.convert;

import dev.backroom.config.model.LinuxParameters.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code devices}: {@code HOST[:CONTAINER[:PERMISSIONS]]} (permissions in Docker's letters,
 * r, w, m) or the long form {@code {source, target, permissions}}. CDI names
 * ({@code vendor.com/class=name}) are refused: the agent attaches host device nodes only.
 */
final class DeviceMapper {
  private DeviceMapper() {}

  static List<Device> map(Fields f) {
    Object v = f.take("devices");
    if (v == null) {
      return null;
    }
    if (!(v instanceof List<?> list)) {
      f.refuse(f.at("devices"), "must be a list");
      return null;
    }
    List<Device> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String p = f.at("devices") + "[" + i + "]";
      Object o = list.get(i);
      String host;
      String container = null;
      String perms = null;
      if (o instanceof String s) {
        if (s.contains("=")) {
          f.refuse(p, "CDI device names are not supported; give the device node's path, e.g."
              + " /dev/video0");
          continue;
        }
        String[] parts = s.split(":", -1);
        host = parts[0];
        container = parts.length > 1 ? parts[1] : null;
        perms = parts.length > 2 ? parts[2] : null;
        if (parts.length > 3) {
          f.refuse(p, "must be HOST[:CONTAINER[:PERMISSIONS]]");
          continue;
        }
      } else {
        Fields d = Fields.of(f.service(), p, o, f.problems());
        if (d == null) {
          continue;
        }
        host = d.string("source");
        container = d.string("target");
        perms = d.string("permissions");
        d.refuseUnread(Map.of(), "a device key");
      }
      List<String> permissions = permissions(perms);
      if (permissions == null) {
        f.refuse(p, "permissions must be letters of rwm, e.g. rw");
        continue;
      }
      out.add(new Device(host, container, permissions.isEmpty() ? null : permissions));
    }
    return out;
  }

  private static List<String> permissions(String perms) {
    List<String> out = new ArrayList<>();
    if (perms == null) {
      return out;
    }
    for (char ch : perms.toCharArray()) {
      String p = switch (ch) {
        case 'r' -> "read";
        case 'w' -> "write";
        case 'm' -> "mknod";
        default -> null;
      };
      if (p == null || out.contains(p)) {
        return null;
      }
      out.add(p);
    }
    return out.isEmpty() ? null : out;
  }
}
