package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * A versioned recipe for a task, in ECS RegisterTaskDefinition vocabulary. What Backroom does
 * with each ECS field is decided in {@link dev.backroom.config.ecs.EcsFields}: {@code taskRoleArn},
 * {@code executionRoleArn}, {@code requiresCompatibilities} and {@code tags} have no effect at the
 * edge but are kept here so they are stored and returned as posted. {@code revision} is assigned
 * by the hub on registration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskDefinition(
    String family,
    Integer revision,
    List<ContainerDefinition> containerDefinitions,
    @JsonDeserialize(using = TaskSize.Cpu.class) Integer cpu,
    @JsonDeserialize(using = TaskSize.Memory.class) Integer memory,
    String networkMode,
    List<Volume> volumes,
    String taskRoleArn,
    String executionRoleArn,
    List<String> requiresCompatibilities,
    List<Tag> tags,
    List<PlacementConstraint> placementConstraints,
    RuntimePlatform runtimePlatform) {

  /** An ECS resource tag, stored and returned; it has no effect at the edge. */
  public record Tag(String key, String value) {}

  /** The fields Backroom runs, without the stored-only ones. */
  public TaskDefinition(String family, Integer revision,
      List<ContainerDefinition> containerDefinitions, Integer cpu, Integer memory,
      String networkMode, List<Volume> volumes) {
    this(family, revision, containerDefinitions, cpu, memory, networkMode, volumes, null, null,
        null, null, null, null);
  }

  public static final String BRIDGE = "bridge";
  public static final String HOST = "host";
  public static final String NONE = "none";
  public static final List<String> NETWORK_MODES = List.of(BRIDGE, HOST, NONE);
  /** The only compatibility a device offers: ECS Anywhere's launch type. */
  public static final String EXTERNAL = "EXTERNAL";

  public TaskDefinition withRevision(int newRevision) {
    return new TaskDefinition(family, newRevision, containerDefinitions, cpu, memory, networkMode,
        volumes, taskRoleArn, executionRoleArn, requiresCompatibilities, tags, placementConstraints,
        runtimePlatform);
  }

  /** This definition with the network mode written out, as ECS returns it. */
  public TaskDefinition withNetworkMode(String mode) {
    return new TaskDefinition(family, revision, containerDefinitions, cpu, memory, mode,
        volumes, taskRoleArn, executionRoleArn, requiresCompatibilities, tags, placementConstraints,
        runtimePlatform);
  }

  public TaskDefinition withContainers(List<ContainerDefinition> containers) {
    return new TaskDefinition(family, revision, containers, cpu, memory, networkMode, volumes,
        taskRoleArn, executionRoleArn, requiresCompatibilities, tags, placementConstraints,
        runtimePlatform);
  }

  /** {@code family:revision}, the ECS way of naming one revision. */
  @JsonIgnore
  public String ref() {
    return family + ":" + revision;
  }

  /**
   * This definition as the hub stores and returns it: with the network mode in force written
   * out, so that what a stored revision means never depends on a default that might change
   * again. The hub's task definition store and cloud sync's diff both store through this, so the
   * diff compares what the store would write.
   */
  public TaskDefinition withEffectiveNetworkMode() {
    return networkMode != null ? this : withNetworkMode(effectiveNetworkMode());
  }

  /** Network mode in force: bridge when unset, as ECS does for EXTERNAL instances. */
  @JsonIgnore
  public String effectiveNetworkMode() {
    return networkMode == null ? BRIDGE : networkMode;
  }

  /** Task-level placement constraints, never null. */
  @JsonIgnore
  public List<PlacementConstraint> taskPlacementConstraints() {
    return placementConstraints == null ? List.of() : placementConstraints;
  }

  /** Memory the scheduler must find on a device, in MiB. */
  @JsonIgnore
  public int requiredMemoryMiB() {
    int sum = containers().stream().mapToInt(ContainerDefinition::reservedMemoryMiB).sum();
    return memory != null ? Math.max(memory, sum) : sum;
  }

  /** CPU units the scheduler must find on a device. */
  @JsonIgnore
  public int requiredCpuUnits() {
    int sum = containers().stream().mapToInt(c -> c.cpu() == null ? 0 : c.cpu()).sum();
    return cpu != null ? Math.max(cpu, sum) : sum;
  }

  @JsonIgnore
  public int requiredGpus() {
    return containers().stream().mapToInt(ContainerDefinition::gpuCount).sum();
  }

  @JsonIgnore
  public List<ContainerDefinition> containers() {
    return containerDefinitions == null ? List.of() : containerDefinitions;
  }
}
