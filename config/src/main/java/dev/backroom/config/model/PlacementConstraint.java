package dev.backroom.config.model;

/**
 * ECS placement constraint. {@code memberOf} carries a cluster-query expression over device
 * attributes; {@code distinctInstance} (alias {@code distinctDevice}) has none.
 */
public record PlacementConstraint(String type, String expression) {
  public static final String MEMBER_OF = "memberOf";
  public static final String DISTINCT_INSTANCE = "distinctInstance";
  public static final String DISTINCT_DEVICE = "distinctDevice";

  public static PlacementConstraint memberOf(String expression) {
    return new PlacementConstraint(MEMBER_OF, expression);
  }
}
