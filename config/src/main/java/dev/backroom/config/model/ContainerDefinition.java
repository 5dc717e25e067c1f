package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One container of a task, with ECS RegisterTaskDefinition field names. {@code cpu} is in CPU
 * units (1024 = one core), {@code memory} is the hard limit and {@code memoryReservation} the
 * soft one, both in MiB.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerDefinition(
    String name,
    String image,
    List<String> command,
    List<String> entryPoint,
    List<KeyValuePair> environment,
    Boolean essential,
    Integer cpu,
    Integer memory,
    Integer memoryReservation,
    List<ResourceRequirement> resourceRequirements,
    List<MountPoint> mountPoints,
    HealthCheck healthCheck,
    RestartPolicy restartPolicy) {

  /** ECS treats a container as essential unless told otherwise. */
  @JsonIgnore
  public boolean isEssential() {
    return essential == null || essential;
  }

  /** GPUs asked for through {@code resourceRequirements}; 0 when none or unparseable. */
  @JsonIgnore
  public int gpuCount() {
    if (resourceRequirements == null) {
      return 0;
    }
    int n = 0;
    for (ResourceRequirement r : resourceRequirements) {
      if (r != null && ResourceRequirement.GPU.equals(r.type()) && r.value() != null) {
        try {
          n += Integer.parseInt(r.value().trim());
        } catch (NumberFormatException e) {
          // the validator reports it; accounting treats it as none
        }
      }
    }
    return n;
  }

  /** Memory the scheduler reserves: the soft limit when given, else the hard limit, else 0. */
  @JsonIgnore
  public int reservedMemoryMiB() {
    if (memoryReservation != null) {
      return memoryReservation;
    }
    return memory == null ? 0 : memory;
  }

  @JsonIgnore
  public RestartPolicy restartPolicyOrDefault() {
    return restartPolicy == null ? RestartPolicy.DEFAULT : restartPolicy;
  }

  public ContainerDefinition withCommand(List<String> newCommand) {
    return new ContainerDefinition(name, image, newCommand, entryPoint, environment, essential,
        cpu, memory, memoryReservation, resourceRequirements, mountPoints, healthCheck,
        restartPolicy);
  }

  public static ContainerDefinition of(String name, String image, int memoryMiB) {
    return new ContainerDefinition(name, image, null, null, null, null, null, memoryMiB, null,
        null, null, null, null);
  }
}
