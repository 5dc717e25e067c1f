package dev.backroom.config.ecs;

import static dev.backroom.config.ecs.EcsFields.Treatment.ACCEPTED_NO_EFFECT;
import static dev.backroom.config.ecs.EcsFields.Treatment.HONOURED;
import static dev.backroom.config.ecs.EcsFields.Treatment.REFUSED;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of every field of ECS RegisterTaskDefinition's input (and Backroom's own
 * additions), with what Backroom does with it. {@link EcsFieldCheck} enforces it on every posted
 * task definition, docs/ecs-task-definitions.md is generated from it, and EcsFieldsTest checks it
 * against the ECS model. Paths use {@code []} for "any element of the array".
 *
 * <p>A REFUSED field is only reported when it carries something: null, {@code []}, {@code {}} and
 * {@code false} are what Docker does without the field (no mappings, no labels, option off), so
 * CI-generated definitions that always emit {@code "portMappings": []} still register. Such a
 * no-op value is not stored. Children of a REFUSED field need no row: the parent refuses them.
 */
public final class EcsFields {
  /** What Backroom does with a field. */
  public enum Treatment {
    /** Applied on the device. */
    HONOURED,
    /** Stored and returned unchanged, with no effect at the edge. */
    ACCEPTED_NO_EFFECT,
    /** Refused with 400 and {@link Field#backroom()} as the reason. */
    REFUSED
  }

  /**
   * One row. {@code backroom} says what Backroom does (for REFUSED: the reason, with what to do
   * instead); {@code docker} how it maps to Docker ("" when it does not); {@code ecs} is false
   * for Backroom's own fields that ECS does not have.
   */
  public record Field(String path, Treatment treatment, String backroom, String docker,
      boolean ecs) {}

  /** A refused value of an accepted field, such as {@code networkMode: awsvpc}. */
  public record RefusedValue(String path, String value, String reason) {}

  private static final String NOT_YET = "not supported yet; ";
  private static final String DEVICE = "not supported yet: the agent cannot apply it to the"
      + " container yet; leave it out to run with Docker's default";

  private static final List<Field> FIELDS = List.of(
      // task level
      h("family", "names the task definition; each registration adds the next revision", ""),
      own("revision", "assigned by the hub on registration; a posted value is replaced", ""),
      h("containerDefinitions", "the containers of the task, created together on one device", ""),
      h("cpu", "task CPU units (1024 = one core), used for placement: the device must have them",
          ""),
      h("memory", "task memory in MiB, used for placement: the device must have it", ""),
      h("networkMode", "host (the default) or none; see the refused values below",
          "--network host|none"),
      h("volumes", "task volumes that mountPoints refer to", ""),
      h("volumes[].name", "the name mountPoints[].sourceVolume refers to", ""),
      h("volumes[].host", "a bind mount from the device", "-v sourcePath:containerPath"),
      h("volumes[].host.sourcePath", "directory on the device", "bind source"),
      r("volumes[].dockerVolumeConfiguration", NOT_YET
          + "use host.sourcePath for a directory on the device, or leave host out"),
      r("volumes[].efsVolumeConfiguration", "EFS is not reachable from a store device (ECS does"
          + " not support it on external instances either); use host.sourcePath"),
      r("volumes[].fsxWindowsFileServerVolumeConfiguration", "FSx for Windows needs Windows"
          + " containers in AWS; use host.sourcePath"),
      r("volumes[].configuredAtLaunch", NOT_YET + "Backroom has no launch-time volume"
          + " configuration; use host.sourcePath instead"),
      a("taskRoleArn", "stored and returned; there is no AWS credential endpoint on a device"),
      a("executionRoleArn", "stored and returned; Backroom pulls images with the device's own"
          + " registry credentials"),
      a("requiresCompatibilities", "stored and returned; only EXTERNAL (what a device is)"),
      a("tags", "stored and returned; not propagated to containers"),
      a("tags[].key", "stored and returned"),
      a("tags[].value", "stored and returned"),
      r("placementConstraints", NOT_YET + "put the constraint on the service's"
          + " placementConstraints, where Backroom enforces it"),
      r("pidMode", DEVICE),
      r("ipcMode", DEVICE),
      r("proxyConfiguration", "App Mesh is not available at the edge; run the proxy as a"
          + " container of the task instead"),
      r("inferenceAccelerators", "Elastic Inference does not exist at the edge; use"
          + " resourceRequirements GPU"),
      r("ephemeralStorage", "Fargate only; leave it out: a device's disk is what it"
          + " has"),
      r("runtimePlatform", NOT_YET + "use the service's placementConstraints with"
          + " attribute:ecs.cpu-architecture == arm64 (or x86_64)"),
      r("enableFaultInjection", "AWS fault injection does not exist at the edge; leave it"
          + " out"),
      // container level
      h("containerDefinitions[].name", "container name, unique in the task",
          "--name (prefixed by the agent)"),
      h("containerDefinitions[].image", "image reference, pulled by the agent", "IMAGE"),
      h("containerDefinitions[].cpu", "CPU units, also counted for placement", "--cpu-shares"),
      h("containerDefinitions[].memory", "hard limit in MiB, counted for placement", "--memory"),
      h("containerDefinitions[].memoryReservation", "soft limit in MiB, counted for placement"
          + " instead of memory when given", "--memory-reservation"),
      h("containerDefinitions[].essential", "default true; at least one per task", ""),
      h("containerDefinitions[].entryPoint", "passed verbatim", "--entrypoint"),
      h("containerDefinitions[].command", "passed verbatim", "CMD arguments"),
      h("containerDefinitions[].environment", "environment variables", "-e"),
      h("containerDefinitions[].environment[].name", "variable name", "-e NAME"),
      h("containerDefinitions[].environment[].value", "variable value", "-e NAME=VALUE"),
      h("containerDefinitions[].mountPoints", "mounts of task volumes", "-v"),
      h("containerDefinitions[].mountPoints[].sourceVolume", "names a task volume", "-v source"),
      h("containerDefinitions[].mountPoints[].containerPath", "path in the container",
          "-v target"),
      h("containerDefinitions[].mountPoints[].readOnly", "default false", "-v ...:ro"),
      h("containerDefinitions[].healthCheck", "container health check", "--health-*"),
      h("containerDefinitions[].healthCheck.command", "CMD or CMD-SHELL", "--health-cmd"),
      h("containerDefinitions[].healthCheck.interval", "seconds (30)", "--health-interval"),
      h("containerDefinitions[].healthCheck.timeout", "seconds (5)", "--health-timeout"),
      h("containerDefinitions[].healthCheck.retries", "count (3)", "--health-retries"),
      h("containerDefinitions[].healthCheck.startPeriod", "seconds (0)",
          "--health-start-period"),
      h("containerDefinitions[].restartPolicy", "the agent restarts the container in place",
          "agent logic (no Docker restart policy)"),
      h("containerDefinitions[].restartPolicy.enabled", "false means never restart", ""),
      h("containerDefinitions[].restartPolicy.ignoredExitCodes", "exit codes that do not"
          + " restart", ""),
      h("containerDefinitions[].restartPolicy.restartAttemptPeriod", "seconds a container must"
          + " run before it may be restarted again", ""),
      own("containerDefinitions[].restartPolicy.policy", "always (default), on-failure, never",
          ""),
      own("containerDefinitions[].restartPolicy.maxAttempts", "restarts before giving up", ""),
      h("containerDefinitions[].resourceRequirements", "GPU only", "--gpus"),
      h("containerDefinitions[].resourceRequirements[].type", "GPU; anything else is refused",
          ""),
      h("containerDefinitions[].resourceRequirements[].value", "GPU count", "--gpus N"),
      r("containerDefinitions[].portMappings", NOT_YET + "use networkMode host and have the"
          + " container listen on the port"),
      r("containerDefinitions[].links", NOT_YET + "links need bridge networking; use"
          + " networkMode host, where containers of a task reach each other on localhost"),
      r("containerDefinitions[].linuxParameters", "not supported yet (devices,"
          + " capabilities, init, shm, tmpfs, swap): the agent cannot apply them yet; leave it out"),
      r("containerDefinitions[].logConfiguration", NOT_YET + "leave it out: containers log"
          + " with the device's Docker default driver"),
      r("containerDefinitions[].dependsOn", NOT_YET + "containers of a task start together;"
          + " leave it out and make the container wait for what it needs, or split the task"),
      r("containerDefinitions[].startTimeout", NOT_YET + "it only applies with dependsOn; leave it out"),
      r("containerDefinitions[].stopTimeout", NOT_YET + "the agent stops with Docker's"
          + " default grace period; leave it out"),
      r("containerDefinitions[].secrets", NOT_YET + "there is no secret store at the edge; pass"
          + " configuration through environment or a host volume instead"),
      r("containerDefinitions[].user", NOT_YET + "set USER in the image instead"),
      r("containerDefinitions[].workingDirectory", NOT_YET + "set WORKDIR in the image instead"),
      r("containerDefinitions[].ulimits", DEVICE),
      r("containerDefinitions[].readonlyRootFilesystem", DEVICE),
      r("containerDefinitions[].privileged", DEVICE),
      r("containerDefinitions[].dockerLabels", NOT_YET + "set LABEL in the image instead"),
      r("containerDefinitions[].hostname", DEVICE),
      r("containerDefinitions[].extraHosts", DEVICE),
      r("containerDefinitions[].dnsServers", DEVICE),
      r("containerDefinitions[].dnsSearchDomains", DEVICE),
      r("containerDefinitions[].disableNetworking", NOT_YET + "use networkMode none"),
      r("containerDefinitions[].dockerSecurityOptions", DEVICE),
      r("containerDefinitions[].interactive", DEVICE),
      r("containerDefinitions[].pseudoTerminal", DEVICE),
      r("containerDefinitions[].systemControls", DEVICE),
      r("containerDefinitions[].volumesFrom", NOT_YET + "mount the same task volume in both"
          + " containers with mountPoints instead"),
      r("containerDefinitions[].environmentFiles", NOT_YET + "environment files live in S3;"
          + " use environment"),
      r("containerDefinitions[].repositoryCredentials", NOT_YET + "the device pulls with its"
          + " own registry credentials; leave it out"),
      r("containerDefinitions[].firelensConfiguration", "FireLens routes to AWS services;"
          + " leave it out"),
      r("containerDefinitions[].credentialSpecs", "gMSA credential specs are Windows-only; leave it out"),
      r("containerDefinitions[].versionConsistency", NOT_YET + "Backroom pulls the tag as"
          + " given; leave it out, and to pin an image use image@sha256:<digest>"));

  private static final List<RefusedValue> REFUSED_VALUES = List.of(
      new RefusedValue("networkMode", "awsvpc", "awsvpc needs a VPC, which the edge does not"
          + " have; use host or none (ECS refuses awsvpc on external instances too)"),
      new RefusedValue("networkMode", "bridge", NOT_YET + "use host and have the container"
          + " listen on its port, or none"),
      new RefusedValue("requiresCompatibilities", "FARGATE", "Backroom runs tasks on edge"
          + " devices, which ECS calls EXTERNAL; use [\"EXTERNAL\"] or leave it out"),
      new RefusedValue("requiresCompatibilities", "EC2", "Backroom runs tasks on edge"
          + " devices, which ECS calls EXTERNAL; use [\"EXTERNAL\"] or leave it out"),
      new RefusedValue("requiresCompatibilities", "MANAGED_INSTANCES", "Backroom runs tasks on"
          + " edge devices, which ECS calls EXTERNAL; use [\"EXTERNAL\"] or leave it out"));

  private static final Map<String, Field> BY_PATH = index();

  private EcsFields() {}

  public static List<Field> fields() {
    return FIELDS;
  }

  public static List<RefusedValue> refusedValues() {
    return REFUSED_VALUES;
  }

  /** The row for a path such as {@code containerDefinitions[].user}, if there is one. */
  public static Optional<Field> field(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  /**
   * True when rows exist below {@code path} ({@code path.x} for an object, {@code path[].x} for
   * an array of objects), that is when the field is a structure Backroom reads into.
   */
  public static boolean hasChildren(String path) {
    return BY_PATH.keySet().stream().anyMatch(p -> p.startsWith(path + "."));
  }

  /** The reason {@code value} of the field at {@code path} is refused, if it is. */
  public static Optional<String> refusedValue(String path, String value) {
    return REFUSED_VALUES.stream()
        .filter(r -> r.path().equals(path) && r.value().equals(value))
        .map(RefusedValue::reason).findFirst();
  }

  private static Map<String, Field> index() {
    Map<String, Field> m = new LinkedHashMap<>();
    for (Field f : FIELDS) {
      if (m.put(f.path(), f) != null) {
        throw new IllegalStateException("two rows for " + f.path());
      }
    }
    return Map.copyOf(m);
  }

  private static Field h(String path, String backroom, String docker) {
    return new Field(path, HONOURED, backroom, docker, true);
  }

  private static Field own(String path, String backroom, String docker) {
    return new Field(path, HONOURED, backroom, docker, false);
  }

  private static Field a(String path, String backroom) {
    return new Field(path, ACCEPTED_NO_EFFECT, backroom, "", true);
  }

  private static Field r(String path, String reason) {
    return new Field(path, REFUSED, reason, "", true);
  }
}
