package dev.backroom.hub.ecs;

import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.shapes.ContainerInstanceShapes;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.hub.devices.DeviceRegistry;
import dev.backroom.hub.devices.DeviceState;
import dev.backroom.hub.views.DeviceView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * Devices as ECS container instances: a container instance's id is the device id, its ARN
 * {@code container-instance/<cluster>/<device id>}. Shared by the container-instance, attribute
 * and tag operations.
 */
@ApplicationScoped
public class ContainerInstances {
  @Inject HubCluster cluster;
  @Inject DeviceRegistry registry;

  public String arn(String deviceId) {
    return cluster.arns().containerInstance(cluster.name(), deviceId);
  }

  /**
   * The device a container-instance ARN or id names; empty when no such device is known or the
   * ARN names another cluster.
   *
   * @throws EcsError InvalidParameterException for a malformed identifier
   */
  public Optional<String> deviceId(String reference) {
    Arns.Ref ref = cluster.arns().parse(Arns.Kind.CONTAINER_INSTANCE, reference);
    if (ref.cluster().isPresent() && !cluster.isThis(ref.cluster().get())) {
      return Optional.empty();
    }
    return exists(ref.name()) ? Optional.of(ref.name()) : Optional.empty();
  }

  public boolean exists(String deviceId) {
    return registry.all().stream().map(DeviceState::deviceId).anyMatch(deviceId::equals);
  }

  /** The attributes a device announces itself (its agent's built-ins and --attribute). */
  public Map<String, String> announced(String deviceId) {
    return registry.all().stream().filter(d -> d.deviceId().equals(deviceId)).findFirst()
        .map(d -> d.capabilities().attributes()).filter(a -> a != null).orElse(Map.of());
  }

  /** ECS's status of a device ({@link ContainerInstanceShapes#status}). */
  public static String status(DeviceView v) {
    return ContainerInstanceShapes.status(v.status());
  }

  /** Why the device is not simply ACTIVE; null when it is. */
  public static String statusReason(DeviceView v) {
    return ContainerInstanceShapes.statusReason(v.status());
  }

  /** A lost device's agent is not connected, whatever its last MQTT session says. */
  public static boolean agentConnected(DeviceView v) {
    return ContainerInstanceShapes.agentConnected(v.agentConnected(), v.status());
  }
}
