package dev.backroom.agent.runtime;

import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import java.util.List;
import java.util.Set;

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
   * Stops a container and keeps it (its stop signal, SIGTERM by default, then SIGKILL after its
   * stop timeout); one already stopped is not an error. May return before the container is
   * down: {@link #list} then shows it as {@code stopping} until it is.
   */
  void stop(String containerId);

  /**
   * Stops (as {@link #stop}) and removes a container; a container already gone is not an error.
   * May return before the container is gone: {@link #list} then shows it as {@code removing}.
   */
  void remove(String containerId);

  /**
   * Frees what the runtime keeps per task beyond its containers (task-scoped volumes) for tasks
   * not in {@code assignedTaskIds} whose containers are all gone. Cheap when there is nothing
   * to free; never throws (a failure is retried on the next call).
   */
  default void releaseTasks(Set<String> assignedTaskIds) {}

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
