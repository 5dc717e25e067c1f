package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.ecs.wire.EcsJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an ECS request is about, for the audit log: its text members that name a resource, as
 * {@code member=value} in a fixed order ({@code cluster=eu-mini service=web}). Null when the body
 * is no JSON object or names nothing (a refusal of malformed JSON is still audited, without it).
 * Pure.
 */
final class EcsAuditTarget {
  static final List<String> MEMBERS = List.of("cluster", "service", "serviceName",
      "taskDefinition", "family", "task", "containerInstance", "resourceArn");

  private EcsAuditTarget() {}

  static String of(byte[] body) {
    JsonNode root;
    try {
      root = body == null || body.length == 0 ? null : EcsJson.mapper().readTree(body);
    } catch (IOException e) {
      return null;
    }
    if (root == null || !root.isObject()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (String m : MEMBERS) {
      JsonNode v = root.get(m);
      if (v != null && v.isTextual()) {
        parts.add(m + "=" + v.asText());
      }
    }
    return parts.isEmpty() ? null : String.join(" ", parts);
  }
}
