package dev.backroom.agent.model;

import java.util.Comparator;

/** Identifies one container of one task on this device, independent of its Docker id. */
public record ContainerKey(String taskId, String containerName) implements Comparable<ContainerKey> {
  private static final Comparator<ContainerKey> ORDER =
      Comparator.comparing(ContainerKey::taskId).thenComparing(ContainerKey::containerName);

  @Override
  public int compareTo(ContainerKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return taskId + "/" + containerName;
  }
}
