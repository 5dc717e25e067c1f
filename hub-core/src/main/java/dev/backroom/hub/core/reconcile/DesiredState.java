package dev.backroom.hub.core.reconcile;

import java.util.List;

/** Every service the hub should run; service names are unique (the first of duplicates wins). */
public record DesiredState(List<DesiredService> services) {

  public DesiredState {
    services = services == null ? List.of() : List.copyOf(services);
  }
}
