package dev.backroom.hub.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.constraint.CustomAttributeRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A desired DEVICE_ATTRIBUTES object from the cloud: the custom attributes the cloud's ECS
 * PutAttributes put on one device of this store (the object's name is the device id), read
 * strictly with config's {@link CustomAttributeRules}, as the hub's own PutAttributes reads
 * them. A value is null for an attribute without one. Pure. The shape is docs/sync-protocol.md's
 * "Device attributes".
 */
public record CloudAttributesSpec(String deviceId, Map<String, String> attributes,
    String updatedBy) {

  /** The spec, or why it cannot be applied. */
  public record Result(CloudAttributesSpec value, Optional<String> problem) {}

  static final Set<String> MEMBERS = Set.of("attributes", "updatedBy", "updatedAt");

  public static Result read(String name, JsonNode spec) {
    List<String> problems = new ArrayList<>();
    if (name == null || !name.matches("\\S{1,64}")) {
      problems.add("name: a device id, got " + name);
    }
    if (spec == null || !spec.isObject()) {
      return new Result(null, Optional.of("spec: expected an object"));
    }
    for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!MEMBERS.contains(f)) {
        problems.add(f + ": unknown member");
      }
    }
    Map<String, String> attributes = new TreeMap<>();
    JsonNode list = spec.get("attributes");
    if (list == null || !list.isObject()) {
      problems.add("attributes: expected an object of name to value (or null)");
    } else {
      list.fields().forEachRemaining(e -> {
        String path = "attributes." + e.getKey();
        CustomAttributeRules.nameProblem(e.getKey(), path).ifPresent(problems::add);
        JsonNode v = e.getValue();
        if (v.isNull()) {
          attributes.put(e.getKey(), null);
        } else if (!v.isTextual()) {
          problems.add(path + ": expected a string or null");
        } else {
          CustomAttributeRules.valueProblem(v.asText(), path).ifPresent(problems::add);
          attributes.put(e.getKey(), v.asText());
        }
      });
      if (attributes.size() > CustomAttributeRules.MAX_PER_DEVICE) {
        problems.add("attributes: at most " + CustomAttributeRules.MAX_PER_DEVICE
            + " custom attributes on a device, got " + attributes.size());
      }
    }
    JsonNode by = spec.get("updatedBy");
    if (by != null && !by.isNull() && !by.isTextual()) {
      problems.add("updatedBy: expected a string");
    }
    JsonNode at = spec.get("updatedAt");
    if (at != null && !at.isNull() && !at.isTextual()) {
      problems.add("updatedAt: expected a string");
    }
    if (!problems.isEmpty()) {
      return new Result(null, Optional.of(String.join("; ", problems)));
    }
    return new Result(new CloudAttributesSpec(name, Collections.unmodifiableMap(attributes),
        by == null || by.isNull() ? null : by.asText()), Optional.empty());
  }
}
