package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

public record MountPoint(String sourceVolume, String containerPath, Boolean readOnly) {
  /** Not a JSON property: without this Jackson writes an absent readOnly as {@code false}. */
  @JsonIgnore
  public boolean isReadOnly() {
    return Boolean.TRUE.equals(readOnly);
  }
}
