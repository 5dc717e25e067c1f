package dev.backroom.hub.core.sync;

import dev.backroom.sync.wire.DesiredKind;
import java.util.Comparator;

/** Identifies a cloud desired object; ordered task definitions first, then by name. */
public record CloudKey(DesiredKind kind, String name) implements Comparable<CloudKey> {
  private static final Comparator<CloudKey> ORDER =
      Comparator.comparing(CloudKey::kind).thenComparing(CloudKey::name);

  @Override
  public int compareTo(CloudKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    String what = kind == null ? "object " : switch (kind) {
      case TASK_DEFINITION -> "task definition ";
      case SERVICE -> "service ";
      case TASK -> "task ";
      case DEVICE_ATTRIBUTES -> "attributes of device ";
    };
    return what + name;
  }
}
