package dev.backroom.agent.reconcile;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredState;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.VolumeFrom;
import dev.backroom.mqtt.message.AssignedTask;
import dev.backroom.mqtt.message.Assignment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fixture builders for agent tests, in the spirit of Nomad's mock.Job() and mock.Node(). */
public final class Fixtures {
  public static final String DEVICE = "dev-a";
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Fixtures() {}

  public static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  public static ContainerDefinition container(String name) {
    return ContainerDefinition.of(name, "backroom/busybox:1", 16)
        .withCommand(List.of("sleep", "3600"));
  }

  public static ContainerDefinition container(String name, RestartPolicy policy) {
    ContainerDefinition c = container(name);
    return new ContainerDefinition(c.name(), c.image(), c.command(), null, null, null, null,
        c.memory(), null, null, null, null, policy);
  }

  public static ContainerDefinition nonEssential(String name) {
    ContainerDefinition c = container(name);
    return new ContainerDefinition(c.name(), c.image(), c.command(), null, null, false, null,
        c.memory(), null, null, null, null, null);
  }

  public static ContainerDefinition withHealth(String name) {
    ContainerDefinition c = container(name);
    return new ContainerDefinition(c.name(), c.image(), c.command(), null, null, null, null,
        c.memory(), null, null, null, new HealthCheck(List.of("CMD-SHELL", "true"), 1, 1, 1, 0),
        null);
  }

  public static RestartPolicy policy(String p, Integer maxAttempts, Integer... ignored) {
    return new RestartPolicy(null, p, maxAttempts, ignored.length == 0 ? null : List.of(ignored),
        null);
  }

  public static AssignedTask task(String taskId, String hash, ContainerDefinition... cs) {
    TaskDefinition td = new TaskDefinition("fam-" + taskId, 1, List.of(cs), null, null, "host",
        null);
    return new AssignedTask(taskId, "svc-" + taskId, td, hash);
  }

  /** The same task with the operator's hold set ({@code true}) or released ({@code false}). */
  public static AssignedTask held(AssignedTask t, boolean held) {
    return new AssignedTask(t.taskId(), t.serviceName(), t.taskDefinition(), t.specHash(), held);
  }

  public static ContainerDefinition nonEssential(String name, RestartPolicy policy) {
    ContainerDefinition c = container(name);
    return new ContainerDefinition(c.name(), c.image(), c.command(), null, null, false, null,
        c.memory(), null, null, null, null, policy);
  }

  public static Assignment assignment(long generation, AssignedTask... tasks) {
    return new Assignment(DEVICE, generation, List.of(tasks));
  }

  public static DesiredState desired(AssignedTask... tasks) {
    return DesiredState.of(assignment(1, tasks));
  }

  public static ContainerKey key(String task, String container) {
    return new ContainerKey(task, container);
  }

  public static ObservedContainer running(String id, String task, String container, String hash) {
    return new ObservedContainer(id, "backroom-" + task + "-" + container, DEVICE,
        key(task, container), hash, 1, "running", null, null, at(-60), null, null);
  }

  public static ObservedContainer exited(String id, String task, String container, String hash,
      int exitCode, Instant startedAt, Instant finishedAt) {
    return new ObservedContainer(id, "backroom-" + task + "-" + container, DEVICE,
        key(task, container), hash, 1, "exited", exitCode, null, startedAt, finishedAt, null);
  }

  public static ObservedContainer inState(String id, String task, String container, String hash,
      String state) {
    return new ObservedContainer(id, "backroom-" + task + "-" + container, DEVICE,
        key(task, container), hash, 1, state, null, null, null, null, null);
  }

  public static ObservedContainer onDevice(ObservedContainer o, String deviceId) {
    return new ObservedContainer(o.id(), o.name(), deviceId, o.key(), o.specHash(),
        o.generation(), o.state(), o.exitCode(), o.health(), o.startedAt(), o.finishedAt(),
        o.error());
  }

  public static ObservedContainer withHealth(ObservedContainer o, String health) {
    return new ObservedContainer(o.id(), o.name(), o.deviceId(), o.key(), o.specHash(),
        o.generation(), o.state(), o.exitCode(), health, o.startedAt(), o.finishedAt(),
        o.error());
  }

  /** {@code o} with the stop rank its label recorded at create time. */
  public static ObservedContainer ranked(ObservedContainer o, int stopRank) {
    return new ObservedContainer(o.id(), o.name(), o.deviceId(), o.key(), o.specHash(),
        o.generation(), o.state(), o.exitCode(), o.health(), o.startedAt(), o.finishedAt(),
        o.error(), o.networkBindings(), stopRank);
  }

  /** {@code o} as the runtime shows it in another state (stopping, removing). */
  public static ObservedContainer shown(ObservedContainer o, String state) {
    return new ObservedContainer(o.id(), o.name(), o.deviceId(), o.key(), o.specHash(),
        o.generation(), state, o.exitCode(), null, o.startedAt(), o.finishedAt(), o.error(),
        o.networkBindings(), o.stopRank());
  }

  public static ObservedContainer unlabelled(String id) {
    return new ObservedContainer(id, "stray", DEVICE, null, null, -1, "running", null, null,
        null, null, null);
  }

  /** {@code c} depending on {@code deps}, given as "name:CONDITION". */
  public static ContainerDefinition dependsOn(ContainerDefinition c, String... deps) {
    List<ContainerDependency> list = new ArrayList<>();
    for (String d : deps) {
      String[] p = d.split(":");
      list.add(new ContainerDependency(p[0], p[1]));
    }
    return copy(c, list, c.startTimeout(), c.portMappings(), c.essential());
  }

  public static ContainerDefinition startTimeout(ContainerDefinition c, int seconds) {
    return copy(c, c.dependsOn(), seconds, c.portMappings(), c.essential());
  }

  /** {@code c} with its own stop timeout (SIGTERM to SIGKILL), in seconds. */
  public static ContainerDefinition stopTimeout(ContainerDefinition c, int seconds) {
    return new ContainerDefinition(c.name(), c.image(), c.command(), c.entryPoint(),
        c.environment(), c.essential(), c.cpu(), c.memory(), c.memoryReservation(),
        c.resourceRequirements(), c.mountPoints(), c.healthCheck(), c.restartPolicy(),
        c.portMappings(), c.dependsOn(), c.startTimeout(), seconds, c.user(),
        c.workingDirectory(), c.environmentFiles(), c.ulimits(), c.readonlyRootFilesystem(),
        c.privileged(), c.linuxParameters(), c.dockerLabels(), c.hostname(), c.extraHosts(),
        c.dnsServers(), c.dnsSearchDomains(), c.disableNetworking(), c.interactive(),
        c.pseudoTerminal(), c.systemControls(), c.dockerSecurityOptions(),
        c.logConfiguration(), c.volumesFrom());
  }

  /** {@code c} mounting the volumes of {@code sources} (containers of the same task). */
  public static ContainerDefinition volumesFrom(ContainerDefinition c, String... sources) {
    List<VolumeFrom> from = new ArrayList<>();
    for (String source : sources) {
      from.add(new VolumeFrom(source, true));
    }
    return new ContainerDefinition(c.name(), c.image(), c.command(), c.entryPoint(),
        c.environment(), c.essential(), c.cpu(), c.memory(), c.memoryReservation(),
        c.resourceRequirements(), c.mountPoints(), c.healthCheck(), c.restartPolicy(),
        c.portMappings(), c.dependsOn(), c.startTimeout(), c.stopTimeout(), c.user(),
        c.workingDirectory(), c.environmentFiles(), c.ulimits(), c.readonlyRootFilesystem(),
        c.privileged(), c.linuxParameters(), c.dockerLabels(), c.hostname(), c.extraHosts(),
        c.dnsServers(), c.dnsSearchDomains(), c.disableNetworking(), c.interactive(),
        c.pseudoTerminal(), c.systemControls(), c.dockerSecurityOptions(),
        c.logConfiguration(), from);
  }

  public static ContainerDefinition ports(ContainerDefinition c, PortMapping... ports) {
    return copy(c, c.dependsOn(), c.startTimeout(), List.of(ports), c.essential());
  }

  public static ContainerDefinition essential(ContainerDefinition c, boolean essential) {
    return copy(c, c.dependsOn(), c.startTimeout(), c.portMappings(), essential);
  }

  private static ContainerDefinition copy(ContainerDefinition c, List<ContainerDependency> deps,
      Integer startTimeout, List<PortMapping> ports, Boolean essential) {
    return new ContainerDefinition(c.name(), c.image(), c.command(), c.entryPoint(),
        c.environment(), essential, c.cpu(), c.memory(), c.memoryReservation(),
        c.resourceRequirements(), c.mountPoints(), c.healthCheck(), c.restartPolicy(), ports,
        deps, startTimeout, c.stopTimeout(), c.user(), c.workingDirectory(),
        c.environmentFiles(), c.ulimits(), c.readonlyRootFilesystem(), c.privileged(),
        c.linuxParameters(), c.dockerLabels(), c.hostname(), c.extraHosts(), c.dnsServers(),
        c.dnsSearchDomains(), c.disableNetworking(), c.interactive(), c.pseudoTerminal(),
        c.systemControls(), c.dockerSecurityOptions(), c.logConfiguration(), c.volumesFrom());
  }

  /** A task with the given network mode. */
  public static AssignedTask task(String taskId, String hash, String networkMode,
      ContainerDefinition... cs) {
    TaskDefinition td = new TaskDefinition("fam-" + taskId, 1, List.of(cs), null, null,
        networkMode, null);
    return new AssignedTask(taskId, "svc-" + taskId, td, hash);
  }

  public static ObservedContainer runningSince(String id, String task, String container,
      String hash, Instant startedAt) {
    return new ObservedContainer(id, "backroom-" + task + "-" + container, DEVICE,
        key(task, container), hash, 1, "running", null, null, startedAt, null, null);
  }

  public static RestartRecord record(String hash, int restarts, int streak, Instant lastAttempt) {
    return new RestartRecord(hash, restarts, streak, lastAttempt, null);
  }
}
