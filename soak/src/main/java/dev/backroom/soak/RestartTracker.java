package dev.backroom.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Restarts read from Docker: a container whose id was seen before with another StartedAt was
 * restarted; a container id never seen before is new. Each is attributed (a fault killed it, its
 * device was faulted, the workload changed its service, tasks moved) or not; an unattributed one
 * is a restart nothing explains, which the product promises never happens.
 */
final class RestartTracker {
  private final Map<String, String> startedAt = new HashMap<>();
  int attributedRestarts;
  int attributedNew;
  final List<String> unattributed = new ArrayList<>();

  /** The first look: everything seen is the baseline. */
  void baseline(List<ContainerState> cs) {
    for (ContainerState c : cs) {
      startedAt.put(c.id(), c.startedAt());
    }
  }

  /** @return the unattributed restarts and new containers found in this look */
  List<String> look(List<ContainerState> cs, Attribution why, String when) {
    List<String> found = new ArrayList<>();
    for (ContainerState c : cs) {
      String before = startedAt.put(c.id(), c.startedAt());
      String what = c.service() + " " + c.container() + " of task " + c.taskId() + " on "
          + c.device() + " (" + c.id().substring(0, 12) + ")";
      if (before == null) {
        if (why.newContainerExplained(c)) {
          attributedNew++;
        } else {
          found.add(when + ": new container " + what + " that no fault or action explains");
        }
      } else if (!before.equals(c.startedAt())) {
        if (why.restartExplained(c)) {
          attributedRestarts++;
        } else {
          found.add(when + ": " + what + " restarted (started " + before + ", now "
              + c.startedAt() + ") though no fault touched it");
        }
      }
    }
    unattributed.addAll(found);
    why.clear();
    return found;
  }
}
