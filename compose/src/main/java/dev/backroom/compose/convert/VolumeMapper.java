package dev.backroom.compose.convert;

import dev.backroom.config.model.LinuxParameters.Tmpfs;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service's {@code volumes}: a named volume (declared at the top level) is the shared Docker
 * volume it names; an absolute bind source is a host volume; a bare target is a task volume
 * (Compose's anonymous volume); {@code type: tmpfs} is a tmpfs mount. Relative and {@code ~}
 * bind sources are refused: a device has no project directory to resolve them against.
 */
final class VolumeMapper {
  record Mounts(List<MountPoint> mountPoints, List<Volume> volumes, List<Tmpfs> tmpfs) {}

  private VolumeMapper() {}

  static Mounts map(Fields f, Context ctx) {
    Object v = f.take("volumes");
    if (v == null) {
      return new Mounts(null, List.of(), null);
    }
    if (!(v instanceof List<?> list)) {
      f.refuse(f.at("volumes"), "must be a list");
      return new Mounts(null, List.of(), null);
    }
    List<MountPoint> mounts = new ArrayList<>();
    List<Volume> volumes = new ArrayList<>();
    List<Tmpfs> tmpfs = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String p = f.at("volumes") + "[" + i + "]";
      Object o = list.get(i);
      Spec s = o instanceof String str ? shortSyntax(f, p, str) : longSyntax(f, p, o);
      if (s == null) {
        continue;
      }
      if (s.target == null || !s.target.startsWith("/")) {
        f.refuse(p, "the target must be an absolute path in the container");
        continue;
      }
      switch (s.type) {
        case "tmpfs" -> tmpfs.add(new Tmpfs(s.target, s.tmpfsSize, s.tmpfsMode == null ? null
            : List.of("mode=" + s.tmpfsMode)));
        case "bind" -> {
          if (!s.source.startsWith("/")) {
            f.refuse(p, "bind source '" + s.source + "' is relative to the project directory,"
                + " which a device does not have; give an absolute path on the device");
            continue;
          }
          String name = f.service() + "-bind-" + i;
          volumes.add(new Volume(name, new Volume.Host(s.source)));
          mounts.add(new MountPoint(name, s.target, s.readOnly ? Boolean.TRUE : null));
        }
        default -> {
          if (s.source == null) {
            String name = f.service() + "-anon-" + i;
            volumes.add(new Volume(name, null));
            mounts.add(new MountPoint(name, s.target, s.readOnly ? Boolean.TRUE : null));
          } else if (!ctx.namedVolumes().containsKey(s.source)) {
            f.refuse(p, "volume '" + s.source + "' is not declared under the top-level volumes");
          } else {
            Volume named = ctx.namedVolumes().get(s.source);
            volumes.add(named);
            mounts.add(new MountPoint(named.name(), s.target, s.readOnly ? Boolean.TRUE : null));
          }
        }
      }
    }
    return new Mounts(mounts.isEmpty() ? null : mounts, volumes, tmpfs.isEmpty() ? null : tmpfs);
  }

  private static final class Spec {
    String type;
    String source;
    String target;
    boolean readOnly;
    Integer tmpfsSize;
    String tmpfsMode;
  }

  private static Spec shortSyntax(Fields f, String p, String s) {
    String[] parts = s.split(":", -1);
    Spec spec = new Spec();
    if (parts.length == 1) {
      spec.type = "volume";
      spec.target = parts[0];
      return spec;
    }
    if (parts.length > 3) {
      f.refuse(p, "must be [SOURCE:]TARGET[:MODE]");
      return null;
    }
    spec.source = parts[0];
    spec.target = parts[1];
    boolean path = spec.source.startsWith("/") || spec.source.startsWith(".")
        || spec.source.startsWith("~");
    spec.type = path ? "bind" : "volume";
    for (String mode : parts.length == 3 ? parts[2].split(",") : new String[0]) {
      switch (mode) {
        case "ro" -> spec.readOnly = true;
        case "rw", "cached", "delegated", "consistent" -> {
          // rw is the default; the others tune Docker Desktop on macOS only
        }
        default -> {
          f.refuse(p, "mode '" + mode + "' is not supported; use ro or rw");
          return null;
        }
      }
    }
    return spec;
  }

  private static Spec longSyntax(Fields f, String p, Object o) {
    Fields l = Fields.of(f.service(), p, o, f.problems());
    if (l == null) {
      return null;
    }
    Spec spec = new Spec();
    spec.type = l.string("type");
    spec.source = l.string("source");
    spec.target = l.string("target");
    spec.readOnly = Boolean.TRUE.equals(l.bool("read_only"));
    l.accepted("consistency"); // macOS Docker Desktop only
    if (spec.type == null || !List.of("volume", "bind", "tmpfs").contains(spec.type)) {
      l.refuse(l.at("type"), "must be volume, bind or tmpfs");
      spec.type = null;
    }
    Fields bind = l.mapping("bind");
    if (bind != null) {
      Boolean create = bind.bool("create_host_path");
      if (Boolean.FALSE.equals(create)) {
        bind.refuse(bind.at("create_host_path"), "Docker creates a missing bind source on the"
            + " device; remove create_host_path: false");
      }
      bind.refuseUnread(Map.of(), "a bind option Backroom maps");
    }
    Fields vol = l.mapping("volume");
    if (vol != null) {
      if (Boolean.TRUE.equals(vol.bool("nocopy"))) {
        vol.refuse(vol.at("nocopy"), "Docker always copies the image's content into a new"
            + " volume here; remove nocopy");
      }
      vol.refuseUnread(Map.of(), "a volume option Backroom maps");
    }
    Fields t = l.mapping("tmpfs");
    if (t != null) {
      if (t.has("size")) {
        spec.tmpfsSize = ServiceMapper.size(t, "size");
      }
      spec.tmpfsMode = t.string("mode"); // octal digits as written, e.g. 1777
      if (spec.tmpfsMode != null && !spec.tmpfsMode.matches("[0-7]{3,4}")) {
        t.refuse(t.at("mode"), "must be an octal file mode such as 1777");
        spec.tmpfsMode = null;
      }
      t.refuseUnread(Map.of(), "a tmpfs option");
    }
    if ("tmpfs".equals(spec.type) && spec.tmpfsSize == null) {
      l.refuse(l.at("tmpfs.size"), "a tmpfs needs a size on a device (ECS counts it in MiB),"
          + " e.g. 64m");
    }
    if ("bind".equals(spec.type) && spec.source == null) {
      l.refuse(l.at("source"), "a bind mount needs its source path on the device");
    }
    l.refuseUnread(Map.of(), "a volume key");
    return spec.type == null || ("bind".equals(spec.type) && spec.source == null) ? null : spec;
  }
}
