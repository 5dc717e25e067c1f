package dev.backroom.config.model;

/** A task volume. With {@code host.sourcePath} it is a bind mount, without it a Docker volume. */
public record Volume(String name, Host host) {
  public record Host(String sourcePath) {}
}
