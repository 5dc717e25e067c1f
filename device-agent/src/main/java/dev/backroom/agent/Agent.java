package dev.backroom.agent;

import dev.backroom.agent.loop.AgentLoop;
import dev.backroom.agent.mqtt.HubLink;
import dev.backroom.agent.remote.RemoteSessions;
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

  private Agent(AgentConfig config) {
    this.config = config;
    Clock clock = Clock.systemUTC();
    MessageCodec codec = new MessageCodec();
    AssignmentStore store = new AssignmentStore(config.dataDir());
    this.runtime = new DockerContainerRuntime(config.deviceId(), config.dockerHost(),
        GpuAttachment.named(config.gpuRuntime()));
    Capabilities caps = CapabilitiesFactory.of(config);
    PahoMqttTransport transport = new PahoMqttTransport(
        HubLink.options(config.brokerUri(), config.deviceId(), codec, clock.millis()));
    // The loop and the link point at each other; a holder breaks the cycle at construction.
    AgentLoop[] loopRef = new AgentLoop[1];
    this.hub = new HubLink(config.deviceId(), transport, codec, caps,
        a -> loopRef[0].offer(a), () -> loopRef[0].resendStatus(), clock);
    this.loop = new AgentLoop(config.deviceId(), runtime, store,
        new RestartBookStore(config.dataDir()), hub, clock, config.reconcileInterval());
    loopRef[0] = loop;
    this.remote = new RemoteSessions(config.deviceId(), runtime,
        new DockerContainerConsole(config.dockerHost()), loop::recreate, hub::publishLog, clock);
    hub.onCommand(remote::accept);
    loop.start(store.load().orElse(null));
    this.events = runtime.watch(loop::trigger);
    hub.start(config.heartbeatInterval(), loop::appliedGeneration, loop::runningTasks);
    LOG.log(Level.INFO, "agent {0} started (broker {1}, docker {2}, data {3})", new Object[] {
        config.deviceId(), config.brokerUri(), config.dockerHost(), config.dataDir()});
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
