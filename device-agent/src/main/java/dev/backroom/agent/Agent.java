package dev.backroom.agent;

import dev.backroom.agent.loop.AgentLoop;
import dev.backroom.agent.enroll.DeviceCredentialFile;
import dev.backroom.agent.mqtt.HubLink;
import dev.backroom.agent.enroll.HubCaFile;
import dev.backroom.agent.enroll.HubSigningKeyFile;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.signing.EnvelopeVerifier;
import java.nio.file.Path;
import java.security.PublicKey;
import dev.backroom.mqtt.tls.PinnedCa;
import dev.backroom.agent.remote.RemoteSessions;
import dev.backroom.mqtt.transport.MqttOptions;
import java.util.List;
import dev.backroom.agent.runtime.ContainerRuntime;
import dev.backroom.agent.runtime.docker.DockerContainerConsole;
import dev.backroom.agent.runtime.docker.DockerContainerRuntime;
import dev.backroom.agent.runtime.docker.GpuAttachment;
import dev.backroom.agent.state.AssignmentStore;
import dev.backroom.agent.state.RestartBookStore;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Capabilities;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running agent: cache, runtime, loop and hub link wired together. Starting never waits for
 * the broker; the cached assignment is enforced first. Closing stops the agent but leaves its
 * containers running, so a restarted agent adopts them.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());

  private final AgentConfig config;
  private final ContainerRuntime runtime;
  private final AgentLoop loop;
  private final HubLink hub;
  private final AutoCloseable events;
  private final RemoteSessions remote;

  /** There is no hub signing key to verify the hub's messages with; the agent does not start. */
  public static final class NotPinnedException extends IllegalStateException {
    NotPinnedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Agent(AgentConfig config) {
    this.config = config;
    Clock clock = Clock.systemUTC();
    MessageCodec codec = new MessageCodec();
    EnvelopeVerifier verifier = new EnvelopeVerifier(hubSigningKey(config), codec);
    AssignmentStore store = new AssignmentStore(config.dataDir());
    DeviceCredentialFile credential = credential(config);
    PinnedCa ca = hubCa(config);
    this.runtime = new DockerContainerRuntime(config.deviceId(), config.dockerHost(),
        config.containers()
            .withGpus(GpuAttachment.of(config.gpuRuntime(), config.gpuDevRoot(),
                config.jetsonRuntime()))
            .withWorkloadEnv(credential == null ? List.of()
                : credential.workloadEnvironment(ca == null ? null : ca.pem())));
    Capabilities caps = CapabilitiesFactory.of(config);
    MqttOptions options = HubLink.options(config.brokerUri(), config.deviceId(), codec,
        clock.millis());
    if (credential != null) {
      options = options.withCredentials(credential.username(), credential.password().toCharArray());
    }
    if (options.isTls()) {
      if (ca == null) {
        throw new IllegalStateException(config.brokerUri() + " is TLS but there is no "
            + HubCaFile.in(config.dataDir()) + " (written by `backroom agent register`)");
      }
      options = options.withTls(ca.socketFactory());
    }
    PahoMqttTransport transport = new PahoMqttTransport(options);
    // The loop and the link point at each other; a holder breaks the cycle at construction.
    AgentLoop[] loopRef = new AgentLoop[1];
    this.hub = new HubLink(config.deviceId(), transport, codec, verifier, caps,
        a -> loopRef[0].offer(a), () -> loopRef[0].resendStatus(), clock);
    this.loop = new AgentLoop(config.deviceId(), runtime, store,
        new RestartBookStore(config.dataDir()), hub, clock, config.reconcileInterval());
    loopRef[0] = loop;
    this.remote = new RemoteSessions(config.deviceId(), runtime,
        new DockerContainerConsole(config.dockerHost()), loop::recreate, hub::publishLog, clock);
    hub.onCommand(remote::accept);
    hub.onAssignmentArriving(loop::assignmentArriving);
    Assignment cached = store.load().orElse(null);
    hub.storedEpoch(cached == null ? 0 : cached.epochOrZero());
    loop.start(cached);
    this.events = runtime.watch(loop::trigger);
    hub.start(config.heartbeatInterval(), loop::appliedGeneration, loop::runningTasks);
    LOG.log(Level.INFO, "agent {0} started (broker {1}, docker {2}, data {3}, hub key {4})",
        new Object[] {config.deviceId(), config.brokerUri(), config.dockerHost(),
            config.dataDir(), verifier.kid()});
  }

  /**
   * The hub key to verify assignments and commands with: the one given explicitly, else the one
   * pinned at registration. Without one the agent does not start: it would otherwise have to
   * trust whatever the broker delivers.
   */
  private static PublicKey hubSigningKey(AgentConfig config) {
    Path file = config.hubSigningKey() != null ? config.hubSigningKey()
        : HubSigningKeyFile.in(config.dataDir());
    try {
      return HubSigningKeyFile.read(file).orElseThrow(() -> new NotPinnedException("no hub"
          + " signing key at " + file + ": run `backroom agent register` first (it pins the"
          + " hub's key), or pass --hub-signing-key FILE (the hub's"
          + " <data-dir>/signing/hub-signing-key.pub.pem)", null));
    } catch (java.io.IOException e) {
      throw new NotPinnedException("cannot read the hub signing key: " + e.getMessage(), e);
    }
  }

  /**
   * The credential from {@code backroom-agent register}, or null without one (only an insecure
   * hub lets such an agent in). A file for another device, or one that cannot be read, stops
   * the start: connecting anonymously instead would hide the problem.
   */
  private static DeviceCredentialFile credential(AgentConfig config) {
    try {
      DeviceCredentialFile c = DeviceCredentialFile.read(config.dataDir()).orElse(null);
      if (c == null) {
        LOG.warning("no " + DeviceCredentialFile.in(config.dataDir()) + ": connecting without"
            + " credentials (run `backroom agent register` first unless the hub is insecure)");
      } else if (!config.deviceId().equals(c.deviceId())) {
        throw new IllegalStateException(DeviceCredentialFile.in(config.dataDir())
            + " belongs to device " + c.deviceId() + ", not " + config.deviceId());
      }
      return c;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the device credential", e);
    }
  }

  /** The store CA pinned at registration, the only one trusted for the broker; null if none. */
  private static PinnedCa hubCa(AgentConfig config) {
    try {
      return HubCaFile.read(config.dataDir()).orElse(null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the pinned hub CA: " + e.getMessage(), e);
    }
  }

  /** Starts an agent; returns at once, whether or not the broker or Docker answer. */
  public static Agent start(AgentConfig config) {
    return new Agent(config);
  }

  public AgentConfig config() {
    return config;
  }

  public AgentLoop loop() {
    return loop;
  }

  public HubLink hub() {
    return hub;
  }

  @Override
  public void close() {
    try {
      events.close();
    } catch (Exception e) {
      LOG.log(Level.FINE, "closing event watch failed", e);
    }
    remote.close();
    hub.close();
    loop.close();
    runtime.close();
  }
}
