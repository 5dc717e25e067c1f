package dev.backroom.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A device agent ({@code backroom-agent.jar}) as a child process posing as one device. */
public final class AgentProcess extends ManagedProcess {
  private final String deviceId;

  private AgentProcess(String deviceId, List<String> command, Path log) {
    this(deviceId, command, log, java.util.Map.of());
  }

  private AgentProcess(String deviceId, List<String> command, Path log,
      java.util.Map<String, String> env) {
    super("agent " + deviceId, command, log, env);
    this.deviceId = deviceId;
  }

  /** A device description: which architecture and how many GPUs it claims. */
  public record Device(String deviceId, String arch, int gpus, List<String> attributes) {
    public static Device jetson(String id) {
      return new Device(id, "arm64", 1, List.of("store.role=inference"));
    }

    public static Device nuc(String id) {
      return new Device(id, "x86_64", 0, List.of());
    }
  }

  /**
   * Registers the device with the hub (once per data directory, through the agent's own
   * {@code register} command) and starts its agent against the hub's broker.
   */
  public static AgentProcess start(Device d, HubProcess hub, Path dataDir) {
    return start(d, hub, dataDir, List.of());
  }

  /** As {@link #start(Device, HubProcess, Path)}, with more agent flags. */
  public static AgentProcess start(Device d, HubProcess hub, Path dataDir, List<String> flags) {
    DeviceRegistration.registerAgent(hub, d.deviceId(), dataDir);
    return start(d, hub.brokerUri(), dataDir, flags);
  }

  /**
   * Starts the agent with whatever credential and pinned hub signing key its data directory
   * holds (no credential: anonymous; no key: the agent refuses to start, see
   * {@link HubProcess#signingKeyFile()} and {@code --hub-signing-key}).
   */
  public static AgentProcess start(Device d, String brokerUri, Path dataDir) {
    return start(d, brokerUri, dataDir, List.of());
  }

  private static AgentProcess start(Device d, String brokerUri, Path dataDir,
      List<String> flags) {
    List<String> cmd = new ArrayList<>(List.of(Repo.java(), "-Xmx96m", "-jar",
        Repo.agentJar().toString(), "--device-id", d.deviceId(), "--broker", brokerUri,
        "--data-dir", dataDir.toAbsolutePath().toString(), "--arch", d.arch(),
        "--gpus", Integer.toString(d.gpus()), "--heartbeat-interval", "1",
        // The test workloads are busybox sleeps, which ignore SIGTERM as PID 1: a short grace
        // keeps every stop from lasting ECS's default 30 s.
        "--stop-timeout", "2"));
    for (String a : d.attributes()) {
      cmd.add("--attribute");
      cmd.add(a);
    }
    cmd.addAll(flags);
    AgentProcess p = new AgentProcess(d.deviceId(), cmd, dataDir.resolve("agent.log"));
    p.start();
    return p;
  }

  /**
   * An agent run with exactly these JVM options and agent flags (no test defaults), its output
   * in {@code log}: the launcher's demo runs its agent this way.
   */
  public static AgentProcess start(String deviceId, List<String> jvmOptions, List<String> flags,
      Path log) {
    return start(deviceId, jvmOptions, java.util.Map.of(), flags, log);
  }

  /** As above, with further environment variables of the agent process. */
  public static AgentProcess start(String deviceId, List<String> jvmOptions,
      java.util.Map<String, String> env, List<String> flags, Path log) {
    List<String> cmd = new ArrayList<>(List.of(Repo.java()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-jar", Repo.agentJar().toString()));
    cmd.addAll(flags);
    AgentProcess p = new AgentProcess(deviceId, cmd, log, env);
    p.start();
    return p;
  }

  public String deviceId() {
    return deviceId;
  }
}
