package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One container of a task, with ECS RegisterTaskDefinition field names. {@code cpu} is in CPU
 * units (1024 = one core), {@code memory} is the hard limit and {@code memoryReservation} the
 * soft one, both in MiB; {@code startTimeout} and {@code stopTimeout} are seconds. What the
 * device does with each field is in {@link dev.backroom.config.ecs.EcsFields}.
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
    RestartPolicy restartPolicy,
    List<PortMapping> portMappings,
    List<ContainerDependency> dependsOn,
    Integer startTimeout,
    Integer stopTimeout,
    String user,
    String workingDirectory,
    List<EnvironmentFile> environmentFiles,
    List<Ulimit> ulimits,
    Boolean readonlyRootFilesystem,
    Boolean privileged,
    LinuxParameters linuxParameters,
    Map<String, String> dockerLabels,
    String hostname,
    List<HostEntry> extraHosts,
    List<String> dnsServers,
    List<String> dnsSearchDomains,
    Boolean disableNetworking,
    Boolean interactive,
    Boolean pseudoTerminal,
    List<SystemControl> systemControls,
    List<String> dockerSecurityOptions,
    LogConfiguration logConfiguration,
    List<VolumeFrom> volumesFrom) {

  /** The fields Backroom ran before it honoured the rest; the others are left unset. */
  public ContainerDefinition(String name, String image, List<String> command,
      List<String> entryPoint, List<KeyValuePair> environment, Boolean essential, Integer cpu,
      Integer memory, Integer memoryReservation, List<ResourceRequirement> resourceRequirements,
      List<MountPoint> mountPoints, HealthCheck healthCheck, RestartPolicy restartPolicy) {
    this(name, image, command, entryPoint, environment, essential, cpu, memory,
        memoryReservation, resourceRequirements, mountPoints, healthCheck, restartPolicy, null,
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null);
  }

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

  /** Port mappings, never null. */
  @JsonIgnore
  public List<PortMapping> ports() {
    return portMappings == null ? List.of() : portMappings;
  }

  /** Dependencies, never null. */
  @JsonIgnore
  public List<ContainerDependency> dependencies() {
    return dependsOn == null ? List.of() : dependsOn;
  }

  public ContainerDefinition withCommand(List<String> newCommand) {
    return withOverrides(newCommand, environment, cpu, memory, memoryReservation,
        resourceRequirements);
  }

  /** This container with what a RunTask container override may change. */
  public ContainerDefinition withOverrides(List<String> newCommand,
      List<KeyValuePair> newEnvironment, Integer newCpu, Integer newMemory,
      Integer newMemoryReservation, List<ResourceRequirement> newResourceRequirements) {
    return new ContainerDefinition(name, image, newCommand, entryPoint, newEnvironment, essential,
        newCpu, newMemory, newMemoryReservation, newResourceRequirements, mountPoints,
        healthCheck, restartPolicy, portMappings, dependsOn, startTimeout, stopTimeout, user,
        workingDirectory, environmentFiles, ulimits, readonlyRootFilesystem, privileged,
        linuxParameters, dockerLabels, hostname, extraHosts, dnsServers, dnsSearchDomains,
        disableNetworking, interactive, pseudoTerminal, systemControls, dockerSecurityOptions,
        logConfiguration, volumesFrom);
  }

  public static ContainerDefinition of(String name, String image, int memoryMiB) {
    return new ContainerDefinition(name, image, null, null, null, null, null, memoryMiB, null,
        null, null, null, null);
  }
}
