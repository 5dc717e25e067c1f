package dev.backroom.config.model;

/**
 * ECS placement strategy: {@code spread} over {@code instanceId} (one device each, the default)
 * or over {@code attribute:NAME}; {@code binpack} on {@code memory} or {@code cpu}. Listed
 * strategies apply in order, the first deciding most.
 */
public record PlacementStrategy(String type, String field) {
  public static final String SPREAD = "spread";
  public static final String BINPACK = "binpack";
  public static final String INSTANCE_ID = "instanceId";
  public static final String MEMORY = "memory";
  public static final String CPU = "cpu";

  public static PlacementStrategy spread() {
    return new PlacementStrategy(SPREAD, INSTANCE_ID);
  }

  public static PlacementStrategy binpack(String field) {
    return new PlacementStrategy(BINPACK, field);
  }
}
