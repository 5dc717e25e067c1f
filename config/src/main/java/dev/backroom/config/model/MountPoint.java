package dev.backroom.config.model;

public record MountPoint(String sourceVolume, String containerPath, Boolean readOnly) {
  public boolean isReadOnly() {
    return Boolean.TRUE.equals(readOnly);
  }
}
