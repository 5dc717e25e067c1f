package dev.backroom.hub.scheduler;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.TaskDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random scheduler inputs for the property tests, here and in the reconciler's. */
public final class ScenarioGen {
  private static final List<String> CONSTRAINTS = List.of(
      Fixtures.ARM64,
      "attribute:zone in [front, back]",
      "attribute:zone != till and attribute:ecs.os-type == linux",
      "attribute:backroom.gpu-count exists or attribute:zone == front");

  private ScenarioGen() {}

  /** 0 to {@code max - 1} devices named d1, d2, ..., about one in three not READY. */
  public static List<DeviceSnapshot> devices(Random r, int max) {
    List<DeviceSnapshot> out = new ArrayList<>();
    for (int i = r.nextInt(max); i > 0; i--) {
      Fixtures.DeviceBuilder b = Fixtures.device("d" + i)
          .arch(r.nextBoolean() ? "arm64" : "x86_64")
          .attr("zone", List.of("front", "back", "till").get(r.nextInt(3)))
          .memory(256L * (1 + r.nextInt(8)))
          .cpuUnits(1024 * (1 + r.nextInt(4)));
      if (r.nextInt(5) == 0) {
        b.gpus(1 + r.nextInt(2));
      }
      if (r.nextInt(3) == 0) {
        b.condition(DeviceCondition.values()[r.nextInt(DeviceCondition.values().length)]);
      }
      out.add(b.build());
    }
    return out;
  }

  public static TaskDefinition taskDefinition(Random r) {
    return Fixtures.taskDefinition(64 * (1 + r.nextInt(8)),
        r.nextBoolean() ? 0 : 256 * (1 + r.nextInt(8)), r.nextInt(5) == 0 ? 1 : 0);
  }

  /** None (the default) or one or two of spread, spread by zone and binpack. */
  public static List<PlacementStrategy> strategies(Random r) {
    List<PlacementStrategy> all = List.of(PlacementStrategy.spread(),
        new PlacementStrategy(PlacementStrategy.SPREAD, "attribute:zone"),
        PlacementStrategy.binpack(PlacementStrategy.MEMORY),
        PlacementStrategy.binpack(PlacementStrategy.CPU));
    List<PlacementStrategy> out = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      out.add(all.get(r.nextInt(all.size())));
    }
    return out;
  }

  /** Each known constraint with probability one in four, distinctInstance included. */
  public static List<PlacementConstraint> constraints(Random r) {
    List<PlacementConstraint> out = new ArrayList<>();
    for (String c : CONSTRAINTS) {
      if (r.nextInt(4) == 0) {
        out.add(PlacementConstraint.memberOf(c));
      }
    }
    if (r.nextInt(4) == 0) {
      out.add(new PlacementConstraint(PlacementConstraint.DISTINCT_INSTANCE, null));
    }
    return out;
  }
}
