package dev.backroom.sync.desired;

import dev.backroom.sync.wire.DesiredKind;
import java.util.Comparator;

/** A desired object's identity within one store's effective state. */
public record ObjectKey(DesiredKind kind, String name) implements Comparable<ObjectKey> {
  private static final Comparator<ObjectKey> ORDER =
      Comparator.comparing(ObjectKey::kind).thenComparing(ObjectKey::name);

  @Override
  public int compareTo(ObjectKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return kind + "/" + name;
  }
}
