package dev.backroom.hub.core.scheduler;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request no device could take, with the first failed check per device in plain words, ordered
 * by device id. Empty when there were no devices at all.
 */
public record Unplaced(String requestId, String serviceName, Map<String, String> reasonByDevice) {

  public Unplaced {
    reasonByDevice = reasonByDevice == null
        ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(reasonByDevice));
  }
}
