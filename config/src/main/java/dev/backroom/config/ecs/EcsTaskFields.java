package dev.backroom.config.ecs;

import static dev.backroom.config.ecs.EcsFields.DEVICE;
import static dev.backroom.config.ecs.EcsFields.NOT_YET;
import static dev.backroom.config.ecs.EcsFields.a;
import static dev.backroom.config.ecs.EcsFields.h;
import static dev.backroom.config.ecs.EcsFields.own;
import static dev.backroom.config.ecs.EcsFields.r;

import dev.backroom.config.ecs.EcsFields.Field;
import java.util.List;

/** The task-level rows of {@link EcsFields}. */
final class EcsTaskFields {
  private EcsTaskFields() {}

  static final List<Field> ROWS = List.of(
      h("family", "names the task definition; each registration adds the next revision", ""),
      own("revision", "assigned by the hub on registration; a posted value is replaced", ""),
      h("containerDefinitions", "the containers of the task, created together on one device", ""),
      h("cpu", "task CPU units (1024 = one core), used for placement: the device must have them",
          ""),
      h("memory", "task memory in MiB, used for placement: the device must have it", ""),
      h("networkMode", "bridge (the default when unset, as ECS does for EXTERNAL; stored and"
          + " returned as bridge), host or none; see the refused values below",
          "--network <agent's --bridge-network>|host|none"),
      h("volumes", "task volumes that mountPoints refer to", ""),
      h("volumes[].name", "the name mountPoints[].sourceVolume refers to (letters, digits, -"
          + " and _); for a shared Docker volume, the Docker volume's name, which may not start"
          + " with backroom-", ""),
      h("volumes[].host", "a bind mount from the device", "-v sourcePath:containerPath"),
      h("volumes[].host.sourcePath", "directory on the device", "bind source"),
      h("volumes[].dockerVolumeConfiguration", "a Docker volume; without it and without host,"
          + " a task-scoped local volume", "docker volume create"),
      h("volumes[].dockerVolumeConfiguration.scope", "task (default: created with the task,"
          + " removed when its containers are) or shared (named by the volume, kept)", ""),
      h("volumes[].dockerVolumeConfiguration.autoprovision", "shared only: create the volume"
          + " when missing; without it a missing shared volume fails the container's create",
          ""),
      h("volumes[].dockerVolumeConfiguration.driver", "local only", "--driver local"),
      h("volumes[].dockerVolumeConfiguration.driverOpts", "passed to the driver", "--opt k=v"),
      h("volumes[].dockerVolumeConfiguration.labels", "set on the volume", "--label k=v"),
      r("volumes[].efsVolumeConfiguration", "EFS is not reachable from a store device (ECS does"
          + " not support it on external instances either); use host.sourcePath"),
      r("volumes[].fsxWindowsFileServerVolumeConfiguration", "FSx for Windows needs Windows"
          + " containers in AWS; use host.sourcePath"),
      r("volumes[].configuredAtLaunch", NOT_YET + "Backroom has no launch-time volume"
          + " configuration; use host.sourcePath or dockerVolumeConfiguration instead"),
      a("taskRoleArn", "stored and returned; there is no AWS credential endpoint on a device"),
      a("executionRoleArn", "stored and returned; Backroom pulls images with the device's own"
          + " registry credentials"),
      a("requiresCompatibilities", "stored and returned; only EXTERNAL (what a device is)"),
      a("tags", "stored and returned; not propagated to containers"),
      a("tags[].key", "stored and returned"),
      a("tags[].value", "stored and returned"),
      h("placementConstraints", "memberOf only (as in ECS), at most 10; combined (AND) with the"
          + " service's or RunTask's constraints for every placement", ""),
      h("placementConstraints[].type", "memberOf", ""),
      h("placementConstraints[].expression", "cluster query over device attributes, e.g."
          + " attribute:ecs.cpu-architecture == arm64", ""),
      h("runtimePlatform", "placement: the task runs only on devices that match", ""),
      h("runtimePlatform.cpuArchitecture", "X86_64 or ARM64: places the task only on devices"
          + " whose attribute ecs.cpu-architecture is x86_64 or arm64", ""),
      h("runtimePlatform.operatingSystemFamily", "LINUX (every device); Windows families are"
          + " refused", ""),
      r("pidMode", DEVICE),
      r("ipcMode", DEVICE),
      r("proxyConfiguration", "App Mesh is not available at the edge; run the proxy as a"
          + " container of the task instead"),
      r("inferenceAccelerators", "Elastic Inference does not exist at the edge; use"
          + " resourceRequirements GPU"),
      r("ephemeralStorage", "Fargate only; leave it out: a device's disk is what it"
          + " has"),
      r("enableFaultInjection", "AWS fault injection does not exist at the edge; leave it"
          + " out"));
}
