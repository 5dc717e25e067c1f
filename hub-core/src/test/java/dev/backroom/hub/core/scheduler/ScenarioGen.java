package dev.backroom.hub.core.scheduler;

import dev.backroom.config.model.PlacementConstraint;
import dev.backroom.config.model.PlacementStrategy;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.RuntimePlatform;
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

  /**
   * A task definition as {@link #taskDefinition} that may also bind host ports out of a small
   * pool (so tasks collide), in bridge or host mode, with dynamic mappings among them, and may
   * carry task-level memberOf constraints and a runtimePlatform. Valid as registration would
   * require: no port twice within the task, host-mode hostPort absent or equal.
   */
  public static TaskDefinition taskDefinitionWithRules(Random r) {
    TaskDefinition plain = taskDefinition(r);
    var c = plain.containers().get(0);
    String mode = r.nextInt(3) == 0 ? TaskDefinition.HOST : TaskDefinition.BRIDGE;
    List<PortMapping> ports = new ArrayList<>();
    List<Integer> pool = new ArrayList<>(List.of(80, 8080, 9000));
    java.util.Collections.shuffle(pool, r);
    for (int i = r.nextInt(3); i > 0; i--) {
      int port = pool.remove(0);
      String protocol = r.nextInt(3) == 0 ? PortMapping.UDP : null;
      if (mode.equals(TaskDefinition.HOST)) {
        ports.add(Fixtures.port(port, r.nextBoolean() ? null : port, protocol));
      } else {
        int k = r.nextInt(4); // half static, half dynamic (absent or 0)
        ports.add(Fixtures.port(1000 + i, k == 0 ? null : k == 1 ? 0 : port, protocol));
      }
    }
    List<PlacementConstraint> task = new ArrayList<>();
    if (r.nextInt(4) == 0) {
      task.add(PlacementConstraint.memberOf(CONSTRAINTS.get(r.nextInt(CONSTRAINTS.size()))));
    }
    RuntimePlatform platform = r.nextInt(4) != 0 ? null
        : new RuntimePlatform(r.nextBoolean() ? "ARM64" : "X86_64", "LINUX");
    return Fixtures.taskDefinition(c.memory(), c.cpu() == null ? 0 : c.cpu(), c.gpuCount(), mode,
        ports, task, platform);
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
