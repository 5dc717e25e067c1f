package dev.backroom.config.ecs;

import static dev.backroom.config.ecs.EcsFields.Treatment.ACCEPTED_NO_EFFECT;
import static dev.backroom.config.ecs.EcsFields.Treatment.HONOURED;
import static dev.backroom.config.ecs.EcsFields.Treatment.REFUSED;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of every field of ECS RegisterTaskDefinition's input (and Backroom's own
 * additions), with what Backroom does with it. {@link EcsFieldCheck} enforces it on every posted
 * task definition, docs/ecs-task-definitions.md is generated from it, and EcsFieldsTest checks it
 * against the ECS model. Paths use {@code []} for "any element of the array".
 *
 * <p>A REFUSED field is only reported when it carries something: null, {@code []}, {@code {}} and
 * {@code false} are what Docker does without the field (no mappings, no labels, option off), so
 * CI-generated definitions that always emit {@code "portMappings": []} still register. Such a
 * no-op value is not stored. Children of a REFUSED field need no row: the parent refuses them.
 */
public final class EcsFields {
  /** What Backroom does with a field. */
  public enum Treatment {
    /** Applied on the device. */
    HONOURED,
    /** Stored and returned unchanged, with no effect at the edge. */
    ACCEPTED_NO_EFFECT,
    /** Refused with 400 and {@link Field#backroom()} as the reason. */
    REFUSED
  }

  /**
   * One row. {@code backroom} says what Backroom does (for REFUSED: the reason, with what to do
   * instead); {@code docker} how it maps to Docker ("" when it does not); {@code ecs} is false
   * for Backroom's own fields that ECS does not have.
   */
  public record Field(String path, Treatment treatment, String backroom, String docker,
      boolean ecs) {}

  /** A refused value of an accepted field, such as {@code networkMode: awsvpc}. */
  public record RefusedValue(String path, String value, String reason) {}

  static final String NOT_YET = "not supported yet; ";
  static final String DEVICE = "not supported yet: the agent cannot apply it to the"
      + " container yet; leave it out to run with Docker's default";

  private static final List<Field> FIELDS = concat(EcsTaskFields.ROWS, EcsContainerFields.ROWS);

  private static final List<RefusedValue> REFUSED_VALUES = List.of(
      new RefusedValue("networkMode", "awsvpc", "awsvpc needs a VPC, which the edge does not"
          + " have; use bridge, host or none (ECS refuses awsvpc on external instances too)"),
      new RefusedValue("requiresCompatibilities", "FARGATE", "Backroom runs tasks on edge"
          + " devices, which ECS calls EXTERNAL; use [\"EXTERNAL\"] or leave it out"),
      new RefusedValue("requiresCompatibilities", "EC2", "Backroom runs tasks on edge"
          + " devices, which ECS calls EXTERNAL; use [\"EXTERNAL\"] or leave it out"),
      new RefusedValue("requiresCompatibilities", "MANAGED_INSTANCES", "Backroom runs tasks on"
          + " edge devices, which ECS calls EXTERNAL; use [\"EXTERNAL\"] or leave it out"),
      new RefusedValue("containerDefinitions[].logConfiguration.logDriver", "awslogs",
          "CloudWatch is not reachable from a store device, and Backroom's own log shipping"
              + " does not exist yet; use json-file or local, which the on-site UI reads"),
      new RefusedValue("containerDefinitions[].logConfiguration.logDriver", "awsfirelens",
          "FireLens routes to AWS services; use json-file or local"));

  private static final Map<String, Field> BY_PATH = index();

  private EcsFields() {}

  public static List<Field> fields() {
    return FIELDS;
  }

  public static List<RefusedValue> refusedValues() {
    return REFUSED_VALUES;
  }

  /** The row for a path such as {@code containerDefinitions[].user}, if there is one. */
  public static Optional<Field> field(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  /**
   * True when rows exist below {@code path} ({@code path.x} for an object, {@code path[].x} for
   * an array of objects), that is when the field is a structure Backroom reads into.
   */
  public static boolean hasChildren(String path) {
    return BY_PATH.keySet().stream().anyMatch(p -> p.startsWith(path + "."));
  }

  /** The reason {@code value} of the field at {@code path} is refused, if it is. */
  public static Optional<String> refusedValue(String path, String value) {
    return REFUSED_VALUES.stream()
        .filter(r -> r.path().equals(path) && r.value().equals(value))
        .map(RefusedValue::reason).findFirst();
  }

  private static Map<String, Field> index() {
    Map<String, Field> m = new LinkedHashMap<>();
    for (Field f : FIELDS) {
      if (m.put(f.path(), f) != null) {
        throw new IllegalStateException("two rows for " + f.path());
      }
    }
    return Map.copyOf(m);
  }

  private static List<Field> concat(List<Field> a, List<Field> b) {
    List<Field> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  static Field h(String path, String backroom, String docker) {
    return new Field(path, HONOURED, backroom, docker, true);
  }

  static Field own(String path, String backroom, String docker) {
    return new Field(path, HONOURED, backroom, docker, false);
  }

  static Field a(String path, String backroom) {
    return new Field(path, ACCEPTED_NO_EFFECT, backroom, "", true);
  }

  static Field r(String path, String reason) {
    return new Field(path, REFUSED, reason, "", true);
  }
}
