package dev.backroom.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether Docker runs exactly what the model says, judged on the engine's containers alone: every
 * existing service has exactly its desired count of tasks with all their containers running, at
 * its current rolling update, on a device that is not drained; no task (or container of a task)
 * runs twice; a deleted service runs nothing. Pure: the lists in, the problems out.
 */
final class Convergence {
  private Convergence() {}

  /** @return what is off, empty when converged */
  static List<String> problems(Model model, List<ContainerState> containers) {
    List<String> out = new ArrayList<>();
    Map<String, List<ContainerState>> byService = new TreeMap<>();
    for (ContainerState c : containers) {
      if (c.running()) {
        byService.computeIfAbsent(String.valueOf(c.service()), k -> new ArrayList<>()).add(c);
      }
    }
    for (String s : byService.keySet()) {
      if (!model.services.containsKey(s)) {
        out.add("containers of an unknown service " + s + " run: " + ids(byService.get(s)));
      }
    }
    for (Model.Service s : model.services.values()) {
      List<ContainerState> running = byService.getOrDefault(s.name, List.of());
      if (!s.exists) {
        if (!running.isEmpty()) {
          out.add(s.name + " is deleted but runs " + ids(running));
        }
        continue;
      }
      List<String> names = TaskDefinitions.containers(s.family);
      Map<String, Map<String, Integer>> perTask = new TreeMap<>();
      Set<String> seen = new HashSet<>();
      for (ContainerState c : running) {
        if (!seen.add(c.taskId() + "/" + c.container())) {
          out.add(s.name + ": container " + c.container() + " of task " + c.taskId()
              + " runs twice: " + ids(running.stream().filter(x -> x.taskId().equals(c.taskId())
                  && x.container().equals(c.container())).toList()));
        }
        perTask.computeIfAbsent(c.taskId(), k -> new HashMap<>()).merge(c.container(), 1,
            Integer::sum);
        if (c.device().equals(model.drained)) {
          out.add(s.name + ": " + c.container() + " of task " + c.taskId()
              + " runs on the drained device " + c.device());
        }
        if (!String.valueOf(s.roll).equals(c.roll())) {
          out.add(s.name + ": " + c.container() + " of task " + c.taskId() + " on " + c.device()
              + " runs roll " + c.roll() + ", want " + s.roll);
        }
      }
      int whole = 0;
      for (var e : perTask.entrySet()) {
        if (e.getValue().keySet().containsAll(names)) {
          whole++;
        } else {
          out.add(s.name + ": task " + e.getKey() + " runs only " + e.getValue().keySet()
              + " of " + names);
        }
      }
      if (whole != s.desired) {
        out.add(s.name + ": " + whole + " whole tasks run, desired " + s.desired);
      }
    }
    return out;
  }

  private static List<String> ids(List<ContainerState> cs) {
    return cs.stream().map(c -> c.device() + "/" + c.taskId() + "/" + c.container() + "/"
        + c.id().substring(0, Math.min(12, c.id().length()))).toList();
  }
}
