package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.cloud.desired.DesiredService;
import dev.backroom.cloud.desired.DesiredStore;
import dev.backroom.config.constraint.CustomAttributeRules;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.shapes.AttributeEntries;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.sync.desired.DesiredObject;
import dev.backroom.sync.selector.LabelSelector;
import dev.backroom.sync.wire.DesiredKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * PutAttributes and DeleteAttributes through the cloud: the custom attributes the cloud puts on a
 * device are one desired DEVICE_ATTRIBUTES object per device (named by its id, selector
 * {@code store.id=<store>}, spec {@code {attributes: {name: value or null}, updatedBy,
 * updatedAt}}), which the store's hub applies through its own PutAttributes path. The object
 * holds only what the cloud put, so a delete here removes only that; the hub's own attributes
 * and what a device announces are the hub's. Entries are read as the hub reads them
 * ({@link AttributeEntries}) before anything is written; objects are read and written under
 * the fleet lock, so concurrent calls do not lose each other's attributes.
 */
@ApplicationScoped
public class CloudAttributes {

  @Inject Clusters clusters;
  @Inject ReportedStores reported;
  @Inject DesiredStore desired;
  @Inject DesiredService writes;
  @Inject Clock clock;

  /** One entry of {@code attributes}: its store and device, a name, a value or null. */
  record Target(String storeId, String deviceId, String arn, String name, String value) {
    String key() {
      return storeId + "\n" + deviceId;
    }
  }

  ObjectNode put(EcsRequest r, EcsCaller caller) {
    Clusters.Cluster cluster = cluster(r);
    List<Target> targets = read(r, cluster);
    change(targets, caller, (attrs, t) -> attrs.put(t.name(), t.value()));
    return answer(targets);
  }

  ObjectNode delete(EcsRequest r, EcsCaller caller) {
    Clusters.Cluster cluster = cluster(r);
    List<Target> targets = read(r, cluster);
    change(targets, caller, (attrs, t) -> {
      if (!attrs.containsKey(t.name())) {
        if (reportedAttributes(t).containsKey(t.name())) {
          throw EcsError.invalidParameter("attribute " + t.name() + " of " + t.deviceId()
              + " was not put through the cloud (its device announces it, or it was put on"
              + " store " + t.storeId() + "'s hub); delete it there; nothing was deleted");
        }
        return; // absent: no change, as on the hub
      }
      String current = attrs.get(t.name());
      if (t.value() != null && current != null && !t.value().equals(current)) {
        throw EcsError.invalidParameter("attribute " + t.name() + " of " + t.deviceId()
            + " has the value " + current + ", not " + t.value() + "; nothing was deleted");
      }
      attrs.remove(t.name());
    });
    return answer(targets);
  }

  private interface Edit {
    void apply(Map<String, String> attributes, Target t);
  }

  /**
   * Under the fleet lock: each device's object read, edited, checked and written (or deleted
   * when it holds nothing), then the stores recomputed; a refusal rolls all of it back.
   */
  private void change(List<Target> targets, EcsCaller caller, Edit edit) {
    Map<String, List<Target>> byDevice = new LinkedHashMap<>();
    targets.forEach(t -> byDevice.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(t));
    List<String> storeIds = targets.stream().map(Target::storeId).distinct().toList();
    Instant now = clock.instant();
    writes.putAll(List.of(), storeIds, () -> {
      for (List<Target> device : byDevice.values()) {
        Target first = device.get(0);
        LabelSelector selector = LabelSelector.forStore(first.storeId());
        Map<String, String> before = current(first.deviceId(), selector);
        Map<String, String> after = new TreeMap<>(before);
        device.forEach(t -> edit.apply(after, t));
        if (after.size() > CustomAttributeRules.MAX_PER_DEVICE) {
          throw EcsError.of("AttributeLimitExceededException", "a container instance holds at"
              + " most " + CustomAttributeRules.MAX_PER_DEVICE + " custom attributes; "
              + first.arn() + " would hold " + after.size() + " put through the cloud");
        }
        if (after.equals(before)) {
          continue;
        }
        if (after.isEmpty()) {
          desired.delete(DesiredKind.DEVICE_ATTRIBUTES, first.deviceId(), selector);
          continue;
        }
        ObjectNode spec = EcsJson.mapper().createObjectNode();
        ObjectNode attrs = spec.putObject("attributes");
        after.forEach((n, v) -> {
          if (v == null) {
            attrs.putNull(n);
          } else {
            attrs.put(n, v);
          }
        });
        spec.put("updatedBy", caller.owner()).put("updatedAt", now.toString());
        desired.put(DesiredObject.of(DesiredKind.DEVICE_ATTRIBUTES, first.deviceId(), selector,
            spec, now));
      }
      return null;
    });
  }

  /** The attributes the cloud put on the device so far (a null value: without one). */
  private Map<String, String> current(String deviceId, LabelSelector selector) {
    Map<String, String> out = new TreeMap<>();
    desired.withSelector(DesiredKind.DEVICE_ATTRIBUTES, selector).stream()
        .filter(o -> o.name().equals(deviceId)).findFirst()
        .ifPresent(o -> o.spec().path("attributes").fields().forEachRemaining(e -> out.put(
            e.getKey(), e.getValue().isNull() ? null : e.getValue().asText())));
    return out;
  }

  /** {@code attributes} read strictly: 1 to 10 entries, each naming a reported device. */
  private List<Target> read(EcsRequest r, Clusters.Cluster cluster) {
    return AttributeEntries.read(r.body().get("attributes"), e -> target(e, cluster));
  }

  private Target target(AttributeEntries.Entry e, Clusters.Cluster cluster) {
    ReportedStores.LocalId device = reported.resolve(cluster, Arns.Kind.CONTAINER_INSTANCE,
        e.targetId()).filter(d -> reportedDevice(d).isPresent()).orElseThrow(() -> EcsError.of(
            "TargetNotFoundException", "Could not find " + e.targetId() + " in cluster "
                + cluster.name()));
    String arn = clusters.arns().containerInstance(cluster.name(),
        ReportedStores.shownId(cluster, device.storeId(), device.id()));
    return new Target(device.storeId(), device.id(), arn, e.name(), e.value());
  }

  /** The device as its store last reported it, if it did. */
  private Optional<JsonNode> reportedDevice(ReportedStores.LocalId id) {
    for (ReportedStores.Reported r : reported.of(clusters.require(id.storeId()))) {
      for (JsonNode d : r.devices()) {
        if (id.id().equals(d.path("deviceId").asText())) {
          return Optional.of(d);
        }
      }
    }
    return Optional.empty();
  }

  private Map<String, String> reportedAttributes(Target t) {
    Map<String, String> out = new TreeMap<>();
    reportedDevice(new ReportedStores.LocalId(t.storeId(), t.deviceId())).ifPresent(d ->
        d.path("attributes").fields().forEachRemaining(e -> out.put(e.getKey(),
            e.getValue().asText(""))));
    return out;
  }

  private static ObjectNode answer(List<Target> targets) {
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode list = out.putArray("attributes");
    targets.forEach(t -> AttributeEntries.add(list, t.name(), t.value(), t.arn()));
    return out;
  }

  private Clusters.Cluster cluster(EcsRequest r) {
    return clusters.require(r.string("cluster").orElse("default"));
  }
}
