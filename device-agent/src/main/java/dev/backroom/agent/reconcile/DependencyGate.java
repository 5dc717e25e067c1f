package dev.backroom.agent.reconcile;

import dev.backroom.agent.model.ContainerKey;
import dev.backroom.agent.model.DesiredContainer;
import dev.backroom.agent.model.ObservedContainer;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.VolumeFrom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ECS {@code dependsOn} at startup: whether a container that never ran may be created or
 * started now. A container that ran once is never gated again (a dependency restarting later
 * does not stop or hold it), so only the first start waits.
 *
 * <p>Conditions: START, the dependency ran (running, paused or exited); COMPLETE, it exited;
 * SUCCESS, it exited 0; HEALTHY, it runs and Docker reports it healthy. As in the ECS agent,
 * {@code startTimeout} is the <em>dependency's</em>: for COMPLETE, SUCCESS and HEALTHY it bounds
 * the time from the dependency's last start to reaching the condition; without one the wait is
 * unbounded. A dependency that cannot reach its condition any more (exited for good with the
 * wrong code, no health check, or itself blocked) blocks at once, without waiting for a timeout.
 * A condition reached in time always wins over a timeout, so a container recreated long after
 * its dependency came up starts.
 *
 * <p>{@code volumesFrom} sources are waited for as START dependencies, for ordering only: they
 * never block a container or stop its task.
 */
final class DependencyGate {

  /** What to do with a container that never ran. */
  sealed interface Verdict permits Open, Waiting, Blocked {}

  /** Every dependency reached its condition: create or start it. */
  record Open() implements Verdict {}

  /** Not yet; {@code until} is the earliest dependency timeout, null when none bounds it. */
  record Waiting(String reason, Instant until) implements Verdict {}

  /** Will never start: a dependency timed out or cannot reach its condition. */
  record Blocked(String reason) implements Verdict {}

  private static final Open OPEN = new Open();

  private final Map<String, DesiredContainer> byName = new HashMap<>();
  private final Map<ContainerKey, ObservedContainer> chosen;
  private final Map<ContainerKey, RestartRecord> book;
  private final Instant now;
  private final Map<String, Verdict> verdicts = new HashMap<>();
  private final Set<String> visiting = new HashSet<>();

  private DependencyGate(List<DesiredContainer> task, Map<ContainerKey, ObservedContainer> chosen,
      Map<ContainerKey, RestartRecord> book, Instant now) {
    task.forEach(d -> byName.put(d.key().containerName(), d));
    this.chosen = chosen;
    this.book = book;
    this.now = now;
  }

  /**
   * A gate for one task, to ask about each of its containers; it remembers its verdicts.
   *
   * @param task the desired containers of one task
   * @param chosen the observed container each key is reconciled against (same spec), if any
   */
  static DependencyGate forTask(List<DesiredContainer> task,
      Map<ContainerKey, ObservedContainer> chosen, Map<ContainerKey, RestartRecord> book,
      Instant now) {
    return new DependencyGate(task, chosen, book, now);
  }

  /** The verdict for {@code d}, a container of this gate's task. */
  Verdict verdict(DesiredContainer d) {
    return of(d);
  }

  private Verdict of(DesiredContainer d) {
    String name = d.key().containerName();
    Verdict known = verdicts.get(name);
    if (known != null) {
      return known;
    }
    if (!visiting.add(name)) {
      return new Blocked("dependency cycle through " + name); // the validator refuses cycles
    }
    Verdict v = evaluate(d);
    visiting.remove(name);
    verdicts.put(name, v);
    return v;
  }

  private Verdict evaluate(DesiredContainer d) {
    ObservedContainer self = chosen.get(d.key());
    if (self != null && self.wasStarted()) {
      return OPEN;
    }
    List<String> waiting = new ArrayList<>();
    Instant until = null;
    for (ContainerDependency dep : d.container().dependencies()) {
      if (dep == null) {
        continue;
      }
      String condition = dep.condition() == null ? ContainerDependency.START : dep.condition();
      DesiredContainer target = byName.get(dep.containerName());
      if (target == null) {
        return new Blocked("depends on " + dep.containerName() + ", which is not in the task");
      }
      ObservedContainer o = chosen.get(target.key());
      if (reached(condition, o)) {
        continue;
      }
      String why = never(condition, target, o);
      if (why != null) {
        return new Blocked(dep.containerName() + " " + why + ", so it can never be "
            + condition);
      }
      Instant deadline = deadline(condition, target, o);
      if (deadline != null && !now.isBefore(deadline)) {
        return new Blocked(dep.containerName() + " did not reach " + condition + " within its"
            + " startTimeout of " + target.container().startTimeout() + " s (started "
            + o.startedAt() + ")");
      }
      if (deadline != null && (until == null || deadline.isBefore(until))) {
        until = deadline;
      }
      waiting.add(dep.containerName() + " " + condition + " (" + progress(target, o, deadline)
          + ")");
    }
    waiting.addAll(volumesFromWaits(d));
    return waiting.isEmpty() ? OPEN
        : new Waiting("waiting for " + String.join(", ", waiting), until);
  }

  /**
   * {@code volumesFrom} sources as START dependencies, for ordering only: Docker needs the
   * source container to exist, so the container waits until each source of its task has
   * started. A source that is not in the task or can never start is no reason to wait or to
   * stop the task; the create then fails on its own, naming the source.
   */
  private List<String> volumesFromWaits(DesiredContainer d) {
    List<String> waiting = new ArrayList<>();
    if (d.container().volumesFrom() == null) {
      return waiting;
    }
    for (VolumeFrom vf : d.container().volumesFrom()) {
      DesiredContainer source = vf == null ? null : byName.get(vf.sourceContainer());
      // A source being evaluated right now is in a cycle through volumesFrom: no order to keep.
      if (source == null || source == d || declared(d, vf.sourceContainer())
          || visiting.contains(vf.sourceContainer())) {
        continue;
      }
      ObservedContainer o = chosen.get(source.key());
      if (reached(ContainerDependency.START, o) || of(source) instanceof Blocked) {
        continue;
      }
      waiting.add(vf.sourceContainer() + " START (volumesFrom; " + progress(source, o, null)
          + ")");
    }
    return waiting;
  }

  /** Whether {@code d} lists {@code name} in dependsOn already (which then decides). */
  private static boolean declared(DesiredContainer d, String name) {
    return d.container().dependencies().stream()
        .anyMatch(dep -> dep != null && name.equals(dep.containerName()));
  }

  static boolean reached(String condition, ObservedContainer o) {
    if (o == null) {
      return false;
    }
    boolean exited = ObservedContainer.EXITED.equals(o.state());
    return switch (condition) {
      case ContainerDependency.START -> o.wasStarted();
      case ContainerDependency.COMPLETE -> exited;
      case ContainerDependency.SUCCESS -> exited && Integer.valueOf(0).equals(o.exitCode());
      case ContainerDependency.HEALTHY -> o.isRunning() && "healthy".equals(o.health());
      default -> false;
    };
  }

  /** Why {@code target} can never reach {@code condition}, or null while it still may. */
  private String never(String condition, DesiredContainer target, ObservedContainer o) {
    if (!ContainerDependency.CONDITIONS.contains(condition)) {
      return "has an unknown condition " + condition;
    }
    if (ContainerDependency.HEALTHY.equals(condition)
        && (target.container().healthCheck() == null
        || target.container().healthCheck().command() == null
        || target.container().healthCheck().command().isEmpty())) {
      return "has no health check";
    }
    if (exitedForGood(target, o, book.get(target.key()))) {
      return "exited " + o.exitCode() + " and will not restart";
    }
    if (o == null || !o.wasStarted()) {
      Verdict v = of(target);
      if (v instanceof Blocked b) {
        return "will never start (" + b.reason() + ")";
      }
    }
    return null;
  }

  /** ECS: the dependency's last start plus its startTimeout, for all but START. */
  private static Instant deadline(String condition, DesiredContainer target, ObservedContainer o) {
    Integer timeout = target.container().startTimeout();
    if (ContainerDependency.START.equals(condition) || timeout == null || timeout <= 0
        || o == null || o.startedAt() == null) {
      return null;
    }
    return o.startedAt().plus(Duration.ofSeconds(timeout));
  }

  private static String progress(DesiredContainer target, ObservedContainer o, Instant deadline) {
    String name = target.key().containerName();
    if (o == null || !o.wasStarted()) {
      return name + " not started yet";
    }
    String started = name + (o.startedAt() == null ? " " + o.state()
        : " started " + o.startedAt());
    return deadline == null ? started + ", no startTimeout"
        : started + ", startTimeout " + target.container().startTimeout() + " s";
  }

  /** Exited, and its restart policy (with the restarts counted so far) says no more. */
  static boolean exitedForGood(DesiredContainer d, ObservedContainer o, RestartRecord rec) {
    if (o == null || !ObservedContainer.EXITED.equals(o.state())) {
      return false;
    }
    int exitCode = o.exitCode() == null ? -1 : o.exitCode();
    int restarts = rec == null || !d.specHash().equals(rec.specHash()) ? 0 : rec.restarts();
    RestartPolicy policy = d.restartPolicy();
    return !policy.shouldRestart(exitCode, restarts);
  }
}
