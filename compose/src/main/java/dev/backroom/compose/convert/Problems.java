package dev.backroom.compose.convert;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one conversion; nothing stops at the first. */
public final class Problems {
  /** One problem: the Compose service (null at the top level), its key path and the reason. */
  public record Problem(String service, String path, String reason) {}

  private final List<Problem> list = new ArrayList<>();

  public void add(String service, String path, String reason) {
    list.add(new Problem(service, path, reason));
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<Problem> list() {
    return List.copyOf(list);
  }
}
