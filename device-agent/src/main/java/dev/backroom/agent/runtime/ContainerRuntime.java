package dev.backroom.agent.runtime;

import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import java.util.List;

/**
 * Runs containers for one device. Every method sees only containers labelled as managed by this
 * device, because several agents may share one engine. Methods block on the engine and throw
 * {@link ContainerRuntimeException} (with the engine's message) when it refuses or is
 * unreachable. Thread-safe.
 */
public interface ContainerRuntime extends AutoCloseable {

  /** This device's managed containers, running or not. */
  List<ObservedContainer> list();

  /** Creates (does not start) a container for {@code desired}; returns its id. */
  String create(DesiredContainer desired);

  /** Starts a created or exited container. */
  void start(String containerId);

  /**
   * Stops a container and keeps it (SIGTERM, then SIGKILL after a short grace period); one
   * already stopped is not an error.
   */
  void stop(String containerId);

  /** Stops (briefly) and removes a container; a container already gone is not an error. */
  void remove(String containerId);

  /**
   * Calls {@code onChange} soon after any of this device's containers dies, starts or changes
   * health, so the agent need not wait for its next tick. Keeps watching across engine
   * restarts until the returned handle is closed.
   */
  AutoCloseable watch(Runnable onChange);

  /** Whether the engine answers right now. */
  boolean ping();

  @Override
  void close();
}
