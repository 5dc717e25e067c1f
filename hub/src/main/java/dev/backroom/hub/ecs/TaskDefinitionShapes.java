package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.wire.EpochSeconds;
import dev.backroom.hub.store.TaskDefinitionStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure parts of the task-definition operations: a stored revision in ECS's {@code TaskDefinition}
 * shape, and the ordering of the two listings.
 */
final class TaskDefinitionShapes {
  /** What a device is to ECS: an external instance; the hub runs nothing else. */
  static final String EXTERNAL = "EXTERNAL";
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
  static ObjectNode taskDefinition(TaskDefinitionStore.Revision r, Arns arns) {
    TaskDefinition td = r.taskDefinition();
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
    out.put("status", r.status());
    out.set("registeredAt", EpochSeconds.toJson(r.registeredAt()));
    if (r.deregisteredAt() != null) {
      out.set("deregisteredAt", EpochSeconds.toJson(r.deregisteredAt()));
    }
    if (r.registeredBy() != null) {
      out.put("registeredBy", r.registeredBy());
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
  static String listingKey(String family, int revision, boolean descending) {
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
  static Map<String, Boolean> families(List<TaskDefinitionStore.Revision> revisions) {
    Map<String, Boolean> out = new TreeMap<>(Comparator.naturalOrder());
    for (TaskDefinitionStore.Revision r : revisions) {
      out.merge(r.taskDefinition().family(), r.active(), Boolean::logicalOr);
    }
    return out;
  }
}
