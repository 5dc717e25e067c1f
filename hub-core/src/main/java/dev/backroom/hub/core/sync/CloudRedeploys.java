package dev.backroom.hub.core.sync;

import dev.backroom.sync.wire.ChangeOp;
import dev.backroom.sync.wire.DesiredChange;
import dev.backroom.sync.wire.DesiredKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which cloud services a downstream answer redeploys. The cloud counts the new deployments an
 * operator forced on a service (ECS UpdateService's {@code forceNewDeployment}) and sends the
 * count with the service's changes; the hub remembers the last count it applied per service and
 * redeploys when the count grows past it. A repeated change or a full snapshot carries the same
 * count, so it redeploys nothing; a service the hub gets for the first time is created with its
 * tasks new anyway, so its count is only remembered. Pure: no I/O.
 */
public final class CloudRedeploys {
  private CloudRedeploys() {}

  /**
   * @param redeploy services to redeploy now
   * @param remember the count to keep per service (only those that differ from what is kept)
   * @param forget services whose count is no longer kept: they left the cloud's objects
   */
  public record Plan(List<String> redeploy, Map<String, Integer> remember, Set<String> forget) {}

  /**
   * @param kept the last count applied per service
   * @param before the cloud's objects as the hub held them before this answer
   * @param changes the answer's changes
   * @param rejected the keys of the answer's changes the hub refused (their count is not taken)
   * @param after the cloud's objects once the answer is applied
   */
  public static Plan plan(Map<String, Integer> kept, Collection<CloudKey> before,
      List<DesiredChange> changes, Set<CloudKey> rejected, Collection<CloudKey> after) {
    Map<String, Integer> counts = new TreeMap<>();
    for (DesiredChange c : changes) {
      if (c != null && c.kind() == DesiredKind.SERVICE && c.op() == ChangeOp.UPSERT
          && c.name() != null && !rejected.contains(new CloudKey(c.kind(), c.name()))) {
        counts.put(c.name(), c.redeploysOrZero()); // the last change of a name wins
      } else if (c != null && c.kind() == DesiredKind.SERVICE && c.op() == ChangeOp.DELETE) {
        counts.remove(c.name());
      }
    }
    List<String> redeploy = new ArrayList<>();
    Map<String, Integer> remember = new TreeMap<>();
    counts.forEach((name, count) -> {
      // a service the hub held from the cloud before counts were sent had count 0
      Integer last = kept.containsKey(name) ? kept.get(name)
          : before.contains(new CloudKey(DesiredKind.SERVICE, name)) ? Integer.valueOf(0) : null;
      if (last != null && count > last) {
        redeploy.add(name);
      }
      if (!Integer.valueOf(count).equals(kept.get(name))) {
        remember.put(name, count);
      }
    });
    Set<String> forget = new TreeSet<>();
    for (String name : kept.keySet()) {
      if (!after.contains(new CloudKey(DesiredKind.SERVICE, name))) {
        forget.add(name);
      }
    }
    remember.keySet().removeAll(forget);
    return new Plan(redeploy, remember, forget);
  }
}
