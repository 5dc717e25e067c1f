package dev.backroom.agent.runtime;

import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An in-memory engine for unit tests of the loop, as Nomad keeps a mock driver beside the real one. */
public final class FakeContainerRuntime implements ContainerRuntime {
  private final String deviceId;
  private final Clock clock;
  private final Map<String, ObservedContainer> containers = new LinkedHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile String failCreate;
  private volatile String unreachable;
  private volatile Consumer<DesiredContainer> beforeCreate = d -> {};
  private volatile Consumer<String> beforeAct = id -> {};
  private volatile Runnable watcher = () -> {};
  public final List<String> calls = new ArrayList<>();
  private final AtomicInteger lists = new AtomicInteger();

  public FakeContainerRuntime(String deviceId, Clock clock) {
    this.deviceId = deviceId;
    this.clock = clock;
  }

  /** Makes every create fail with {@code message}, or succeed again with null. */
  public void failCreate(String message) {
    failCreate = message;
  }

  /**
   * Makes every call throw as an engine that does not answer would, with {@code message}, or
   * answers again with null. Containers "survive" the outage unchanged, like a stopped daemon
   * with live-restore.
   */
  public void unreachable(String message) {
    unreachable = message;
  }

  private void reachable() {
    String m = unreachable;
    if (m != null) {
      throw new ContainerRuntimeException(m, null);
    }
  }

  public void beforeCreate(Consumer<DesiredContainer> hook) {
    beforeCreate = hook;
  }

  /** Runs {@code hook} with the container id before each start, stop and removal. */
  public void beforeAct(Consumer<String> hook) {
    beforeAct = hook;
  }

  @Override
  public synchronized List<ObservedContainer> list() {
    reachable();
    lists.incrementAndGet();
    return List.copyOf(containers.values());
  }

  @Override
  public synchronized String create(DesiredContainer d) {
    reachable();
    beforeCreate.accept(d);
    calls.add("create " + d.key());
    if (failCreate != null) {
      throw new ContainerRuntimeException(failCreate, null);
    }
    String id = "f" + ids.incrementAndGet();
    containers.put(id, new ObservedContainer(id, "n-" + id, deviceId, d.key(), d.specHash(),
        d.generation(), "created", null, null, null, null, null));
    return id;
  }

  @Override
  public synchronized void start(String id) {
    reachable();
    beforeAct.accept(id);
    calls.add("start " + id);
    ObservedContainer o = containers.get(id);
    containers.put(id, with(o, "running", null, clock.instant(), null));
  }

  @Override
  public synchronized void stop(String id) {
    reachable();
    beforeAct.accept(id);
    calls.add("stop " + id);
    ObservedContainer o = containers.get(id);
    if (o.isRunning()) {
      containers.put(id, with(o, "exited", 143, o.startedAt(), clock.instant()));
    }
  }

  @Override
  public synchronized void remove(String id) {
    reachable();
    beforeAct.accept(id);
    calls.add("remove " + id);
    containers.remove(id);
  }

  /** Simulates the container's process dying, and the engine's die event. */
  public void kill(String id, int exitCode) {
    synchronized (this) {
      ObservedContainer o = containers.get(id);
      containers.put(id, with(o, "exited", exitCode, o.startedAt(), clock.instant()));
    }
    watcher.run();
  }

  /** Simulates a technician's {@code docker stop}: exited 143, no agent call recorded. */
  public void stopByHand(String id) {
    synchronized (this) {
      ObservedContainer o = containers.get(id);
      containers.put(id, with(o, "exited", 143, o.startedAt(), clock.instant()));
    }
    watcher.run();
  }

  /** How often the containers were listed. */
  public int lists() {
    return lists.get();
  }

  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  private static ObservedContainer with(ObservedContainer o, String state, Integer exit,
      Instant started, Instant finished) {
    return new ObservedContainer(o.id(), o.name(), o.deviceId(), o.key(), o.specHash(),
        o.generation(), state, exit, null, started, finished, null);
  }

  @Override
  public AutoCloseable watch(Runnable onChange) {
    watcher = onChange;
    return () -> watcher = () -> {};
  }

  @Override
  public boolean ping() {
    return unreachable == null;
  }

  @Override
  public void close() {}
}
