package dev.backroom.ecs.shapes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.constraint.CustomAttributeRules;
import dev.backroom.ecs.wire.EcsError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code attributes} member of PutAttributes and DeleteAttributes ({@code [{name, value,
 * targetType, targetId}]}) read strictly, and one entry written back as ECS answers it; shared by
 * the hub and the cloud so both read the same entries and refuse the same ones with the same
 * words. Names and values follow config's {@link CustomAttributeRules}. Which device a
 * {@code targetId} names is each side's own ({@link Resolver}).
 */
public final class AttributeEntries {
  /** ECS's one attribute target type; a device is a container instance. */
  public static final String TARGET_TYPE = "container-instance";
  /** ECS's limit of attributes in one PutAttributes or DeleteAttributes call. */
  public static final int MAX_PER_CALL = 10;
  private static final Set<String> FIELDS = Set.of("name", "value", "targetType", "targetId");

  private AttributeEntries() {}

  /**
   * One entry as the caller wrote it, checked: {@code value} is null when absent, {@code targetId}
   * is an ARN or (with {@code targetType}) a short id, not yet resolved; {@code path} is where it
   * stands ({@code attributes[2]}), for the resolver's refusals.
   */
  public record Entry(String path, String name, String value, String targetId) {}

  /** Finds the device an entry targets, or throws an {@link EcsError} (TargetNotFoundException). */
  @FunctionalInterface
  public interface Resolver<T> {
    T resolve(Entry entry);
  }

  /**
   * {@code attributes} read strictly: 1 to {@value #MAX_PER_CALL} entries, each read and then
   * resolved before the next is read, so the first bad entry is the one refused.
   *
   * @throws EcsError InvalidParameterException or SerializationException naming the path and the
   *     reason; whatever {@code resolve} throws
   */
  public static <T> List<T> read(JsonNode attributes, Resolver<T> resolve) {
    if (attributes == null || attributes.isNull()) {
      throw EcsError.invalidParameter("Missing required parameter in input: \"attributes\"");
    }
    if (!attributes.isArray()) {
      throw EcsError.serialization("attributes: expected a list of {name, value, targetType,"
          + " targetId}");
    }
    if (attributes.isEmpty() || attributes.size() > MAX_PER_CALL) {
      throw EcsError.invalidParameter("attributes: between 1 and " + MAX_PER_CALL
          + " attributes a call, got " + attributes.size());
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < attributes.size(); i++) {
      out.add(resolve.resolve(entry(attributes.get(i), "attributes[" + i + "]")));
    }
    return out;
  }

  /** One entry at {@code path} read strictly; refusals as {@link #read}'s. */
  public static Entry entry(JsonNode a, String path) {
    if (!a.isObject()) {
      throw EcsError.serialization(path + ": expected an object {name, value, targetType,"
          + " targetId}");
    }
    a.fieldNames().forEachRemaining(f -> {
      if (!FIELDS.contains(f)) {
        throw EcsError.invalidParameter("Unknown parameter in " + path + ": \"" + f
            + "\", must be one of: name, targetId, targetType, value");
      }
    });
    String name = text(a, "name", path).orElseThrow(() ->
        EcsError.invalidParameter(path + ".name is required"));
    Optional<String> value = text(a, "value", path);
    Optional<String> type = text(a, "targetType", path);
    String id = text(a, "targetId", path).orElseThrow(() -> EcsError.invalidParameter(
        path + ".targetId is required: the container instance (device) the attribute is on"));
    CustomAttributeRules.nameProblem(name, path + ".name").ifPresent(p -> {
      throw EcsError.invalidParameter(p);
    });
    value.flatMap(v -> CustomAttributeRules.valueProblem(v, path + ".value")).ifPresent(p -> {
      throw EcsError.invalidParameter(p);
    });
    if (type.isPresent() && !TARGET_TYPE.equals(type.get())) {
      throw EcsError.invalidParameter(path + ".targetType: the only target type is "
          + TARGET_TYPE + ", got " + type.get());
    }
    if (type.isEmpty() && !id.startsWith("arn:")) {
      throw EcsError.invalidParameter(path + ".targetType is required when targetId is a short"
          + " id rather than an ARN");
    }
    return new Entry(path, name, value.orElse(null), id);
  }

  /** Appends {@code {name, value?, targetType, targetId}} to an answer's list; no value, no key. */
  public static void add(ArrayNode list, String name, String value, String targetArn) {
    ObjectNode a = list.addObject().put("name", name);
    if (value != null) {
      a.put("value", value);
    }
    a.put("targetType", TARGET_TYPE).put("targetId", targetArn);
  }

  private static Optional<String> text(JsonNode a, String field, String path) {
    JsonNode n = a.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw EcsError.serialization(path + "." + field + ": expected a string");
    }
    return Optional.of(n.asText());
  }
}
