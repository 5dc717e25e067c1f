package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotModifiedException;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.agent.runtime.ContainerRuntime;
import dev.backroom.agent.runtime.ContainerRuntimeException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link ContainerRuntime} on the Docker Engine API. Lists, adopts and removes only containers
 * labelled with this device's id, because several agents may share one engine. Never pulls: an
 * image must already be present.
 */
public final class DockerContainerRuntime implements ContainerRuntime {
  private static final Logger LOG = Logger.getLogger(DockerContainerRuntime.class.getName());

  private final String deviceId;
  private final DockerClient docker;
  /** Without a response timeout: a stop lasts as long as the container's grace period. */
  private final DockerClient stopClient;
  private final String dockerHost;
  private final Stopper stopper;
  private final TaskVolumes volumes;
  private final ContainerObserver observer;
  private final ContainerCreator creator;

  public DockerContainerRuntime(String deviceId, String dockerHost, GpuAttachment gpus) {
    this(deviceId, dockerHost, RuntimeOptions.defaults().withGpus(gpus));
  }

  public DockerContainerRuntime(String deviceId, String dockerHost, RuntimeOptions options) {
    this.deviceId = deviceId;
    this.dockerHost = dockerHost;
    this.docker = DockerClients.create(dockerHost, Duration.ofSeconds(30));
    this.stopClient = DockerClients.create(dockerHost, null);
    this.stopper = new Stopper(docker, stopClient, options.defaultStopTimeoutSeconds(),
        deviceId);
    this.volumes = new TaskVolumes(docker, deviceId);
    this.observer = new ContainerObserver(docker, deviceId);
    this.creator = new ContainerCreator(docker, deviceId, options, volumes);
  }

  /** Containers being stopped or removed show as stopping or removing (see {@link Stopper}). */
  @Override
  public List<ObservedContainer> list() {
    try {
      return stopper.mark(observer.list());
    } catch (RuntimeException e) {
      throw failure("list containers", e);
    }
  }

  /**
   * Never pulls. A name taken by this device's predecessor fails the create until it is gone;
   * one taken by another device's container yields a device-qualified name (see
   * {@link ContainerCreator}).
   */
  @Override
  public String create(DesiredContainer d) {
    return creator.create(d);
  }

  @Override
  public void start(String containerId) {
    try {
      docker.startContainerCmd(containerId).exec();
    } catch (NotModifiedException alreadyRunning) {
      // the container was started meanwhile (an adopted container racing a die event)
    } catch (RuntimeException e) {
      throw failure("start " + shortId(containerId), e);
    }
  }

  /**
   * Returns at once: a running container gets its stop signal, then SIGKILL after its stop
   * timeout, on the stopper's threads (see {@link Stopper}); list() shows it as stopping
   * meanwhile.
   */
  @Override
  public void stop(String containerId) {
    try {
      stopper.stop(containerId);
    } catch (RuntimeException e) {
      throw failure("stop " + shortId(containerId), e);
    }
  }

  /** As {@link #stop}, then removal; a container that is not running is removed at once. */
  @Override
  public void remove(String containerId) {
    try {
      stopper.remove(containerId);
    } catch (RuntimeException e) {
      throw failure("remove " + shortId(containerId), e);
    }
  }

  /** Removes the task-scoped volumes of tasks gone from this device (see {@link TaskVolumes}). */
  @Override
  public void releaseTasks(Set<String> assignedTaskIds) {
    volumes.release(assignedTaskIds, this::list);
  }

  @Override
  public AutoCloseable watch(Runnable onChange) {
    return new DockerEventWatch(dockerHost, deviceId, onChange).start();
  }

  @Override
  public boolean ping() {
    try {
      docker.pingCmd().exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    stopper.close();
    try {
      stopClient.close();
      docker.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing docker client failed", e);
    }
  }

  /** Says what failed, once: an exception that already does is passed through. */
  static ContainerRuntimeException failure(String what, RuntimeException e) {
    if (e instanceof ContainerRuntimeException cre) {
      return cre; // already says what failed
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
    return new ContainerRuntimeException(what + ": " + msg, e);
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
