package dev.backroom.ecs.shapes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EpochSeconds;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Pure parts of the task-definition operations: a stored revision in ECS's {@code TaskDefinition}
 * shape, and the ordering of the two listings. Shared by the hub and the cloud, which keep their
 * revisions in their own tables.
 */
public final class TaskDefinitionShapes {
  /** What a device is to ECS: an external instance; the hub runs nothing else. */
  public static final String EXTERNAL = "EXTERNAL";
  /** Below every character of a family name, so a family sorts before its longer namesakes. */
  private static final char SEPARATOR = ' ';
  private static final int MAX_REVISION = 999_999_999;

  private TaskDefinitionShapes() {}

  /**
   * The revision as ECS's DescribeTaskDefinition shows it. The stored definition is written out
   * as posted (its network mode made explicit) with ECS's read-only members added; {@code cpu}
   * and {@code memory} become strings, as ECS returns them. {@code tags} leaves the definition:
   * ECS answers tags beside it, never inside.
   */
  public static ObjectNode taskDefinition(TaskDefinition td, String status, Instant registeredAt,
      Instant deregisteredAt, String registeredBy, Arns arns) {
    ObjectNode out = Json.mapper().valueToTree(td);
    out.remove("tags");
    out.put("taskDefinitionArn", arns.taskDefinition(td.family(), td.revision()));
    if (td.cpu() != null) {
      out.put("cpu", Integer.toString(td.cpu()));
    }
    if (td.memory() != null) {
      out.put("memory", Integer.toString(td.memory()));
    }
    out.put("networkMode", td.effectiveNetworkMode());
    for (String list : List.of("volumes", "placementConstraints", "requiresCompatibilities")) {
      if (!out.has(list)) {
        out.putArray(list);
      }
    }
    out.putArray("compatibilities").add(EXTERNAL);
    out.put("status", status);
    out.set("registeredAt", EpochSeconds.toJson(registeredAt));
    if (deregisteredAt != null) {
      out.set("deregisteredAt", EpochSeconds.toJson(deregisteredAt));
    }
    if (registeredBy != null) {
      out.put("registeredBy", registeredBy);
    }
    return out;
  }

  /**
   * A paging key whose string order is ECS's listing order: family names lexicographically,
   * then revisions numerically, ascending or (descending) both reversed. Descending keys
   * mirror every character of {@code family + SEPARATOR} within ASCII (family names are ASCII
   * letters, digits, - and _) and count revisions down, so a plain ascending sort of the keys
   * gives the reverse order without a second comparator in the paging code.
   */
  public static String listingKey(String family, int revision, boolean descending) {
    String padded = String.format("%09d", descending ? MAX_REVISION - revision : revision);
    String name = family + SEPARATOR;
    if (!descending) {
      return name + padded;
    }
    StringBuilder mirrored = new StringBuilder(name.length() + padded.length());
    for (char c : name.toCharArray()) {
      mirrored.append((char) (0x7F - c));
    }
    return mirrored.append(padded).toString();
  }

  /**
   * The families of ListTaskDefinitionFamilies with whether each has an ACTIVE revision, in
   * name order; deleted revisions are not among {@code revisions}.
   */
  public static <T> Map<String, Boolean> families(List<T> revisions, Function<T, String> family,
      Predicate<T> active) {
    Map<String, Boolean> out = new TreeMap<>(Comparator.naturalOrder());
    for (T r : revisions) {
      out.merge(family.apply(r), active.test(r), Boolean::logicalOr);
    }
    return out;
  }
}
