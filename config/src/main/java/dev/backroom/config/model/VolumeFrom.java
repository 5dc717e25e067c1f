package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** ECS {@code volumesFrom} entry: the mounts of another container of the same task. */
public record VolumeFrom(String sourceContainer, Boolean readOnly) {
  @JsonIgnore
  public boolean isReadOnly() {
    return Boolean.TRUE.equals(readOnly);
  }
}
