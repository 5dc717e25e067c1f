package dev.backroom.compose.convert;

import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.HostEntry;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.LinuxParameters;
import dev.backroom.config.model.LogConfiguration;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.ResourceRequirement;
import dev.backroom.config.model.RestartPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The container one Compose service becomes, filled key by key, then built once. */
final class ContainerDraft {
  String name;
  String image;
  List<String> command;
  List<String> entryPoint;
  List<KeyValuePair> environment;
  Boolean essential;
  Integer cpu;
  Integer memory;
  Integer memoryReservation;
  List<ResourceRequirement> resourceRequirements;
  List<MountPoint> mountPoints;
  HealthCheck healthCheck;
  RestartPolicy restartPolicy;
  List<PortMapping> portMappings;
  List<ContainerDependency> dependsOn;
  Integer stopTimeout;
  String user;
  String workingDirectory;
  Boolean readonlyRootFilesystem;
  Boolean privileged;
  List<String> capAdd;
  List<String> capDrop;
  List<LinuxParameters.Device> devices;
  Boolean init;
  Integer sharedMemorySize;
  List<LinuxParameters.Tmpfs> tmpfs;
  Map<String, String> dockerLabels;
  String hostname;
  List<HostEntry> extraHosts;
  Boolean interactive;
  Boolean pseudoTerminal;
  LogConfiguration logConfiguration;

  void addExtraHost(HostEntry e) {
    if (extraHosts == null) {
      extraHosts = new ArrayList<>();
    }
    extraHosts.add(e);
  }

  ContainerDefinition build() {
    LinuxParameters lp = null;
    if (capAdd != null || capDrop != null || devices != null || init != null
        || sharedMemorySize != null || tmpfs != null) {
      LinuxParameters.KernelCapabilities caps = capAdd == null && capDrop == null ? null
          : new LinuxParameters.KernelCapabilities(capAdd, capDrop);
      lp = new LinuxParameters(caps, devices, init, sharedMemorySize, tmpfs, null, null);
    }
    return new ContainerDefinition(name, image, command, entryPoint, environment, essential, cpu,
        memory, memoryReservation, resourceRequirements, mountPoints, healthCheck, restartPolicy,
        portMappings, dependsOn, null, stopTimeout, user, workingDirectory, null, null,
        readonlyRootFilesystem, privileged, lp, dockerLabels, hostname, extraHosts, null, null,
        null, interactive, pseudoTerminal, null, null, logConfiguration, null);
  }
}
