package dev.backroom.agent.runtime.docker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.StopContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.backroom.agent.it.DockerSupport;
import dev.backroom.agent.model.ObservedContainer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Stopper} and the create's name check on the real engine, with the races they guard
 * against made deterministic: the stop call of chosen containers hangs (an engine that never
 * answers, ignoring interrupts) until the test releases it, and the marks' clock is the test's.
 */
class StopperIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private DockerClient docker;
  private String prefix;
  private String deviceId;
  private final Set<String> hanging = ConcurrentHashMap.newKeySet();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private final java.util.concurrent.atomic.AtomicInteger hungCalls =
      new java.util.concurrent.atomic.AtomicInteger();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void setUp() {
    docker = DockerSupport.requireDocker();
    prefix = "st" + UUID.randomUUID().toString().substring(0, 8);
    deviceId = "it-" + prefix;
  }

  @AfterEach
  void tearDown() throws Exception {
    release.countDown();
    for (AutoCloseable c : closing) {
      c.close();
    }
    if (docker != null) {
      DockerSupport.cleanup(docker, deviceId);
    }
  }

  /** A running container of this device that ignores SIGTERM (busybox sleep as PID 1). */
  private String running(String name, int stopTimeout) {
    String id = docker.createContainerCmd(DockerSupport.IMAGE).withName(prefix + "-" + name)
        .withCmd("sleep", "600")
        .withLabels(Map.of(ContainerLabels.MANAGED, "true", ContainerLabels.DEVICE_ID, deviceId,
            ContainerLabels.STOP_TIMEOUT, Integer.toString(stopTimeout)))
        .exec().getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  private Stopper stopper(int threads) {
    DockerClient stopClient = hangingStops(DockerClients.create(DockerClients.defaultHost(),
        null));
    Stopper s = new Stopper(docker, stopClient, 30, deviceId, threads, Duration.ofSeconds(1),
        now::get);
    closing.add(s);
    closing.add(stopClient);
    return s;
  }

  /** {@code real}, except that the stop call of a container in {@link #hanging} never returns. */
  private DockerClient hangingStops(DockerClient real) {
    return (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(),
        new Class<?>[] {DockerClient.class}, (proxy, m, args) -> {
          if (m.getName().equals("stopContainerCmd") && hanging.contains((String) args[0])) {
            return hangingStop();
          }
          return invoke(m, real, args);
        });
  }

  private StopContainerCmd hangingStop() {
    return (StopContainerCmd) Proxy.newProxyInstance(StopContainerCmd.class.getClassLoader(),
        new Class<?>[] {StopContainerCmd.class}, (proxy, m, args) -> switch (m.getName()) {
          case "withTimeout", "withContainerId" -> proxy;
          case "exec" -> {
            hungCalls.incrementAndGet();
            boolean done = false;
            while (!done) {
              try {
                release.await();
                done = true;
              } catch (InterruptedException ignored) {
                // a hung socket read does not notice an interrupt either
              }
            }
            yield null;
          }
          default -> null;
        });
  }

  private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private boolean gone(String id) {
    try {
      docker.inspectContainerCmd(id).exec();
      return false;
    } catch (NotFoundException e) {
      return true;
    }
  }

  private ObservedContainer observed(String id) {
    return new ObservedContainer(id, id, deviceId, null, null, 1, ObservedContainer.RUNNING,
        null, null, null, null, null);
  }

  @Test
  void aStopTheEngineNeverAnswers_isGivenUp_andTheContainerForceRemoved() {
    String id = running("hung", 0);
    hanging.add(id);
    Stopper s = stopper(4);
    s.remove(id);
    // Its stop timeout 0 s plus the 1 s slack, then a forced removal and the mark cleared.
    await().atMost(WAIT).until(() -> !s.busy(id) && gone(id));
  }

  @Test
  void aStopTheEngineNeverAnswers_isGivenUp_andTheContainerKilled() {
    String id = running("hung-stop", 0);
    hanging.add(id);
    Stopper s = stopper(4);
    s.stop(id);
    await().atMost(WAIT).until(() -> !s.busy(id)
        && !Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning()));
    assertEquals(137L, docker.inspectContainerCmd(id).exec().getState().getExitCodeLong(),
        "killed");
  }

  @Test
  void aQueuedStop_showsAsRemovingUntilItHasRunItsCourse_howeverLongItWaited() {
    String first = running("first", 30);
    String queued = running("queued", 0);
    hanging.add(first);
    Stopper s = stopper(1);
    s.remove(first); // takes the only thread, its call hangs (given up after 31 s)
    s.remove(queued); // waits for the thread
    await().atMost(WAIT).until(() -> hungCalls.get() == 1); // first's clock has started
    // Long past the queued one's own 0 s + 1 s slack had it been counted from the queueing.
    now.set(now.get().plusSeconds(20));
    List<ObservedContainer> marked = s.mark(List.of(observed(first), observed(queued)));
    assertEquals(ObservedContainer.REMOVING, marked.get(1).state(), "queued, not yet stopped");
    assertEquals(ObservedContainer.REMOVING, marked.get(0).state(), "within 30 s + 1 s");
    now.set(now.get().plusSeconds(20));
    assertEquals(ObservedContainer.RUNNING, s.mark(List.of(observed(first))).get(0).state(),
        "an unanswered stop hides the container no longer than its timeout plus the slack");
    release.countDown();
    await().atMost(WAIT).until(() -> !s.busy(first) && !s.busy(queued) && gone(first)
        && gone(queued));
  }

  @Test
  void aNameFreedBetweenTheConflictAndTheLook_isNobodys_soTheCreateRetriesIt() {
    ContainerCreator creator = new ContainerCreator(docker, deviceId, RuntimeOptions.defaults(),
        new TaskVolumes(docker, deviceId));
    assertEquals(ContainerCreator.NameHolder.NOBODY,
        creator.nameHolder(prefix + "-never-was"));
    running("ours", 0);
    assertEquals(ContainerCreator.NameHolder.THIS_DEVICE,
        creator.nameHolder(prefix + "-ours"));
    String theirs = docker.createContainerCmd(DockerSupport.IMAGE).withName(prefix + "-theirs")
        .withCmd("true").withLabels(Map.of(ContainerLabels.MANAGED, "true",
            ContainerLabels.DEVICE_ID, deviceId + "-other")).exec().getId();
    try {
      assertEquals(ContainerCreator.NameHolder.OTHER_DEVICE,
          creator.nameHolder(prefix + "-theirs"));
    } finally {
      docker.removeContainerCmd(theirs).withForce(true).exec();
    }
    assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(theirs).exec());
  }
}
