package dev.backroom.cloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.constraint.ConstraintExpression;
import dev.backroom.config.constraint.ConstraintParser;
import dev.backroom.config.constraint.ConstraintSyntaxException;
import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.paging.Paging;
import dev.backroom.ecs.shapes.ContainerInstanceShapes;
import dev.backroom.ecs.wire.EcsDispatcher;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.ecs.wire.EpochSeconds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * ListContainerInstances, DescribeContainerInstances and ListAttributes from the devices the
 * cluster's stores report (each hub reports its device views, attributes included), with the
 * hub's rules: {@code filter} is parsed and evaluated by config's ConstraintParser over the
 * reported attributes, as placement on the hub does. PutAttributes and DeleteAttributes are
 * {@link CloudAttributes}': what they put shows here once the device's store reports it.
 */
@ApplicationScoped
public class ContainerInstanceOperations implements EcsOperationSet {
  static final Set<String> STATUSES = Set.of("ACTIVE", "DRAINING", "REGISTERING",
      "DEREGISTERING", "REGISTRATION_FAILED");
  static final Set<String> INCLUDE = Set.of("TAGS", "CONTAINER_INSTANCE_HEALTH");
  static final String TARGET_TYPE = "container-instance";
  static final int MAX_DESCRIBE = 100;

  @Inject Clusters clusters;
  @Inject ReportedStores reported;
  @Inject CloudAttributes cloudAttributes;

  @Override
  public void register(EcsDispatcher.Builder<EcsCaller> ops) {
    ops.read("ListContainerInstances",
        Set.of("cluster", "filter", "status", "maxResults", "nextToken"), (r, c) -> list(r));
    ops.read("DescribeContainerInstances", Set.of("cluster", "containerInstances", "include"),
        (r, c) -> describe(r));
    ops.read("ListAttributes", Set.of("cluster", "targetType", "attributeName",
        "attributeValue", "maxResults", "nextToken"), (r, c) -> listAttributes(r));
    ops.write("PutAttributes", Set.of("cluster", "attributes"), cloudAttributes::put);
    ops.write("DeleteAttributes", Set.of("cluster", "attributes"), cloudAttributes::delete);
  }

  /** A reported device with the id and ARN its cluster shows. */
  private record Device(String storeId, String arn, JsonNode view) {
    Map<String, String> attributes() {
      Map<String, String> out = new TreeMap<>();
      view.path("attributes").fields().forEachRemaining(e -> out.put(e.getKey(),
          e.getValue().asText("")));
      return out;
    }
  }

  private List<Device> devices(Clusters.Cluster cluster) {
    List<Device> out = new ArrayList<>();
    for (ReportedStores.Reported store : reported.of(cluster)) {
      for (JsonNode v : store.devices()) {
        String id = v.path("deviceId").asText();
        out.add(new Device(store.storeId(), clusters.arns().containerInstance(cluster.name(),
            ReportedStores.shownId(cluster, store.storeId(), id)), v));
      }
    }
    return out;
  }

  ObjectNode list(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
    Optional<ConstraintExpression> filter = r.string("filter").map(f -> {
      try {
        return ConstraintParser.parse(f);
      } catch (ConstraintSyntaxException e) {
        throw EcsError.invalidParameter("filter: " + e.getMessage()
            + " (Backroom evaluates attribute:NAME subjects)");
      }
    });
    Optional<String> status = r.string("status");
    status.filter(s -> !STATUSES.contains(s)).ifPresent(s -> {
      throw EcsError.invalidParameter("status: unknown value " + s + "; one of "
          + String.join(", ", new TreeSet<>(STATUSES)));
    });
    List<String> arns = devices(cluster).stream()
        .filter(d -> status.isEmpty() || status.get().equals(
            ContainerInstanceShapes.status(d.view().path("status").asText())))
        .filter(d -> filter.isEmpty() || filter.get().test(d.attributes()))
        .map(Device::arn).toList();
    Paging.Page<String> page = Paging.page(arns, a -> a, r, 100);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    page.items().forEach(out.putArray("containerInstanceArns")::add);
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  ObjectNode describe(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
    Set<String> include = new TreeSet<>(r.strings("include"));
    for (String i : include) {
      if (!INCLUDE.contains(i)) {
        throw EcsError.invalidParameter("include: unknown value " + i + "; one of "
            + String.join(", ", new TreeSet<>(INCLUDE)));
      }
    }
    List<String> asked = r.strings("containerInstances");
    if (asked.isEmpty() || asked.size() > MAX_DESCRIBE) {
      throw EcsError.invalidParameter("containerInstances: between 1 and " + MAX_DESCRIBE
          + " container instances, got " + asked.size());
    }
    Map<String, Device> byArn = new LinkedHashMap<>();
    devices(cluster).forEach(d -> byArn.put(d.arn(), d));
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode found = out.putArray("containerInstances");
    ArrayNode failures = out.putArray("failures");
    for (String ref : asked) {
      Device d;
      try {
        d = reported.resolve(cluster, Arns.Kind.CONTAINER_INSTANCE, ref)
            .map(id -> byArn.get(clusters.arns().containerInstance(cluster.name(),
                ReportedStores.shownId(cluster, id.storeId(), id.id())))).orElse(null);
      } catch (EcsError e) {
        failures.addObject().put("arn", ref).put("reason", "MISSING").put("detail", e.getMessage());
        continue;
      }
      if (d == null) {
        failures.addObject().put("arn", ref).put("reason", "MISSING");
        continue;
      }
      ObjectNode ci = view(d);
      if (include.contains("TAGS")) {
        ci.putArray("tags"); // a device's tags are kept by its hub and not reported
      }
      if (include.contains("CONTAINER_INSTANCE_HEALTH")) {
        ci.set("healthStatus", health(d.view()));
      }
      found.add(ci);
    }
    return out;
  }

  ObjectNode listAttributes(EcsRequest r) {
    Clusters.Cluster cluster = cluster(r);
    String type = r.requiredString("targetType");
    if (!TARGET_TYPE.equals(type)) {
      throw EcsError.invalidParameter("targetType: the only target type is " + TARGET_TYPE
          + ", got " + type);
    }
    Optional<String> name = r.string("attributeName");
    Optional<String> value = r.string("attributeValue");
    if (value.isPresent() && name.isEmpty()) {
      throw EcsError.invalidParameter("attributeValue needs attributeName");
    }
    record Row(String key, String arn, String name, String value) {}
    List<Row> rows = new ArrayList<>();
    for (Device d : devices(cluster)) {
      d.attributes().forEach((n, val) -> {
        if (name.map(n::equals).orElse(true) && value.map(val::equals).orElse(true)) {
          rows.add(new Row(d.arn() + "\n" + n, d.arn(), n, val));
        }
      });
    }
    Paging.Page<Row> page = Paging.page(rows, Row::key, r, 100);
    ObjectNode out = EcsJson.mapper().createObjectNode();
    ArrayNode list = out.putArray("attributes");
    for (Row row : page.items()) {
      ObjectNode a = list.addObject().put("name", row.name());
      if (!row.value().isEmpty()) { // a value-less attribute is reported as ""
        a.put("value", row.value());
      }
      a.put("targetType", TARGET_TYPE).put("targetId", row.arn());
    }
    page.nextToken().ifPresent(t -> out.put("nextToken", t));
    return out;
  }

  private static ObjectNode view(Device d) {
    JsonNode v = d.view();
    String deviceStatus = v.path("status").asText();
    ObjectNode ci = EcsJson.mapper().createObjectNode();
    ci.put("containerInstanceArn", d.arn());
    // as on the hub: a device has no SSM managed-instance id; its own id names it
    ci.put("ec2InstanceId", v.path("deviceId").asText());
    ci.put("status", ContainerInstanceShapes.status(deviceStatus));
    String reason = ContainerInstanceShapes.statusReason(deviceStatus);
    if (reason != null) {
      ci.put("statusReason", reason);
    }
    ci.put("agentConnected", ContainerInstanceShapes.agentConnected(
        v.path("agentConnected").asBoolean(false), deviceStatus));
    ObjectNode version = ci.putObject("versionInfo");
    if (v.hasNonNull("agentVersion")) {
      version.put("agentVersion", v.get("agentVersion").asText());
    }
    ci.set("registeredResources", resources(v.path("registeredResources")));
    ci.set("remainingResources", resources(v.path("remainingResources")));
    ArrayNode attributes = ci.putArray("attributes");
    d.attributes().forEach((name, value) -> {
      ObjectNode a = attributes.addObject().put("name", name);
      if (!value.isEmpty()) {
        a.put("value", value);
      }
    });
    ci.put("runningTasksCount", v.path("runningTasksCount").asLong());
    ci.put("pendingTasksCount", v.path("pendingTasksCount").asLong());
    return ci;
  }

  /**
   * Reported resources. Host ports taken are not reported (the hub derives them from the task
   * definitions it holds), so PORTS and PORTS_UDP are empty on the cloud.
   */
  private static ArrayNode resources(JsonNode r) {
    return ContainerInstanceShapes.resources(r.path("cpu").asLong(), r.path("memory").asLong(),
        r.path("gpus").asLong(), Map.of());
  }

  private static ObjectNode health(JsonNode v) {
    boolean ok = !"LOST".equals(v.path("status").asText());
    ObjectNode h = EcsJson.mapper().createObjectNode();
    h.put("overallStatus", ok ? "OK" : "IMPAIRED");
    ObjectNode d = h.putArray("details").addObject().put("type", "CONTAINER_RUNTIME")
        .put("status", ok ? "OK" : "IMPAIRED");
    if (!ok) {
      d.put("statusReason", "no heartbeat from the device's agent within the timeout");
    }
    ReportedTaskShapes.instant(v, "lastSeen").ifPresent(at -> d.set("lastUpdated",
        EpochSeconds.toJson(at)));
    return h;
  }

  private Clusters.Cluster cluster(EcsRequest r) {
    return clusters.require(r.string("cluster").orElse("default"));
  }
}
