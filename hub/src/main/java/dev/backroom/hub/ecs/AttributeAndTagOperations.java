package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.shapes.AttributeEntries;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.hub.devices.DeviceAttributeStore;
import dev.backroom.hub.devices.DeviceAttributeWrites;
import dev.backroom.hub.events.Event;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.hub.views.DeviceView;
import dev.backroom.hub.views.DeviceViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PutAttributes, DeleteAttributes and ListAttributes on container instances (devices), and
 * TagResource, UntagResource and ListTagsForResource on any resource of the cluster.
 *
 * <p>Attributes put here are stored by the hub ({@link DeviceAttributeStore}) and placement
 * honours them: {@code memberOf attribute:zone == front} lands only on devices with that
 * attribute, whether the device announced it or it was put here. Names under {@code ecs.} and
 * {@code backroom.} are refused: those are the device's own built-ins, as ECS keeps {@code ecs.}
 * for its agent.
 */
@ApplicationScoped
public class AttributeAndTagOperations implements EcsOperationSet {

  @Inject HubCluster cluster;
  @Inject ContainerInstances instances;
  @Inject DeviceAttributeStore attributes;
  @Inject DeviceViews devices;
  @Inject DeviceAttributeWrites writes;
  @Inject ControlLoop loop;
  @Inject EcsTags tags;
  @Inject TaggedResources resources;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.write("PutAttributes", Set.of("cluster", "attributes"), this::put);
    ops.write("DeleteAttributes", Set.of("cluster", "attributes"), this::delete);
    ops.read("ListAttributes", Set.of("cluster", "targetType", "attributeName", "attributeValue",
        "maxResults", "nextToken"), (r, c) -> list(r));
    ops.write("TagResource", Set.of("resourceArn", "tags"), (r, c) -> tag(r));
    ops.write("UntagResource", Set.of("resourceArn", "tagKeys"), (r, c) -> untag(r));
    ops.read("ListTagsForResource", Set.of("resourceArn"), (r, c) -> listTags(r));
  }

  /** One entry of {@code attributes}: the device it targets, a name, a value or null. */
  record Target(String deviceId, String name, String value) {}

  ObjectNode put(EcsRequest r, EcsCaller caller) {
    cluster.require(r);
    List<Target> targets = read(r);
    Map<String, Map<String, String>> byDevice = new LinkedHashMap<>();
    targets.forEach(t -> byDevice.computeIfAbsent(t.deviceId(), k -> new LinkedHashMap<>())
        .put(t.name(), t.value()));
    // Every device's limit is checked before any is written: a refused call changes nothing.
    byDevice.forEach((device, put) -> {
      Map<String, String> after = new LinkedHashMap<>(attributes.custom(device));
      after.putAll(put);
      if (after.size() > DeviceAttributeStore.MAX_PER_DEVICE) {
        throw limit(device, after.size());
      }
    });
    List<DeviceAttributeStore.Change> changes = new ArrayList<>();
    byDevice.forEach((device, put) -> changes.add(new DeviceAttributeStore.Change(device, put,
        List.of())));
    writes.change(changes, caller.owner(), Event.LOCAL, Instant.now()).forEach((device, n) -> {
      throw limit(device, n);
    });
    loop.trigger();
    return answer(targets);
  }

  ObjectNode delete(EcsRequest r, EcsCaller caller) {
    cluster.require(r);
    List<Target> targets = read(r);
    for (Target t : targets) {
      Map<String, String> custom = attributes.custom(t.deviceId());
      if (!custom.containsKey(t.name())
          && instances.announced(t.deviceId()).containsKey(t.name())) {
        throw EcsError.invalidParameter("attribute " + t.name() + " of " + t.deviceId()
            + " is announced by the device itself (its agent's --attribute); change it there");
      }
      String current = custom.get(t.name());
      if (t.value() != null && current != null && !t.value().equals(current)) {
        throw EcsError.invalidParameter("attribute " + t.name() + " of " + t.deviceId()
            + " has the value " + current + ", not " + t.value() + "; nothing was deleted");
      }
    }
    Map<String, List<String>> byDevice = new LinkedHashMap<>();
    targets.forEach(t -> byDevice.computeIfAbsent(t.deviceId(), k -> new ArrayList<>())
        .add(t.name()));
    List<DeviceAttributeStore.Change> changes = new ArrayList<>();
    byDevice.forEach((device, names) -> changes.add(new DeviceAttributeStore.Change(device,
        Map.of(), names)));
    writes.change(changes, caller.owner(), Event.LOCAL, Instant.now());
    loop.trigger();
    return answer(targets);
  }

  ObjectNode list(EcsRequest r) {
    cluster.require(r);
    String type = r.requiredString("targetType");
    if (!AttributeEntries.TARGET_TYPE.equals(type)) {
      throw EcsError.invalidParameter("targetType: the only target type is "
          + AttributeEntries.TARGET_TYPE + ", got " + type);
    }
    Optional<String> name = r.string("attributeName");
    Optional<String> value = r.string("attributeValue");
    if (value.isPresent() && name.isEmpty()) {
      throw EcsError.invalidParameter("attributeValue needs attributeName");
    }
    record Row(String key, String arn, String name, String value) {}
    List<Row> rows = new ArrayList<>();
    for (DeviceView v : devices.list()) {
      String arn = instances.arn(v.deviceId());
      v.attributes().forEach((n, val) -> {
        if (name.map(n::equals).orElse(true) && value.map(val::equals).orElse(true)) {
          rows.add(new Row(arn + "\n" + n, arn, n, val));
        }
      });
    }
    Paging.Page<Row> page = Paging.page(rows, Row::key, r, 100);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode list = out.putArray("attributes");
    page.items().forEach(row -> AttributeEntries.add(list, row.name(),
        DeviceAttributeStore.NO_VALUE.equals(row.value()) ? null : row.value(), row.arn()));
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  ObjectNode tag(EcsRequest r) {
    String arn = resources.canonical(r.requiredString("resourceArn"));
    Map<String, String> add = Tags.read(r.body().get("tags"));
    if (add.isEmpty()) {
      throw EcsError.invalidParameter("tags: at least one tag is required");
    }
    tags.put(arn, add);
    return EcsJson.mapper().createObjectNode();
  }

  ObjectNode untag(EcsRequest r) {
    String arn = resources.canonical(r.requiredString("resourceArn"));
    if (!r.body().hasNonNull("tagKeys")) {
      throw EcsError.invalidParameter("Missing required parameter in input: \"tagKeys\"");
    }
    tags.remove(arn, r.strings("tagKeys"));
    return EcsJson.mapper().createObjectNode();
  }

  ObjectNode listTags(EcsRequest r) {
    String arn = resources.canonical(r.requiredString("resourceArn"));
    ObjectNode out = EcsJson.mapper().createObjectNode();
    out.set("tags", Tags.json(tags.list(arn)));
    return out;
  }

  /** {@code attributes} read strictly: 1 to 10 entries, each naming an existing device. */
  List<Target> read(EcsRequest r) {
    return AttributeEntries.read(r.body().get("attributes"), e -> new Target(
        instances.deviceId(e.targetId()).orElseThrow(() -> EcsError.of("TargetNotFoundException",
            "Could not find " + e.targetId() + " in cluster " + cluster.name())),
        e.name(), e.value()));
  }

  private ObjectNode answer(List<Target> targets) {
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode list = out.putArray("attributes");
    targets.forEach(t -> AttributeEntries.add(list, t.name(), t.value(),
        instances.arn(t.deviceId())));
    return out;
  }

  private static EcsError limit(String device, int count) {
    return EcsError.of("AttributeLimitExceededException", "a container instance holds at most "
        + DeviceAttributeStore.MAX_PER_DEVICE + " custom attributes; " + device + " would hold "
        + count);
  }
}
