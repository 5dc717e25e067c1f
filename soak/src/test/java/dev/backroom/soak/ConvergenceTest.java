package dev.backroom.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Convergence as judged from Docker's containers: one row per way of being off. */
class ConvergenceTest {
  record Case(String name, int desired, String drained, List<ContainerState> containers,
      List<String> problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static ContainerState plain(String device, String task, boolean running, String roll) {
    return new ContainerState(task + "-" + device + "-" + running + "-" + roll + "-0000000000",
        device, "plain", task, "main", running, "t0", roll);
  }

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(new Case("two tasks on two devices", 2, null,
        List.of(plain("a", "t1", true, "1"), plain("b", "t2", true, "1")), List.of()));
    c.add(new Case("an exited container does not count", 2, null,
        List.of(plain("a", "t1", true, "1"), plain("b", "t2", false, "1")),
        List.of("plain: 1 whole tasks run, desired 2")));
    c.add(new Case("a surplus task", 1, null,
        List.of(plain("a", "t1", true, "1"), plain("b", "t2", true, "1")),
        List.of("plain: 2 whole tasks run, desired 1")));
    c.add(new Case("one task on two devices", 1, null,
        List.of(plain("a", "t1", true, "1"), plain("b", "t1", true, "1")),
        List.of("plain: container main of task t1 runs twice: [a/t1/main/t1-a-true-1-, b/t1/main/t1-b-true-1-]")));
    c.add(new Case("an old roll", 1, null, List.of(plain("a", "t1", true, "0")),
        List.of("plain: main of task t1 on a runs roll 0, want 1")));
    c.add(new Case("on the drained device", 1, "a", List.of(plain("a", "t1", true, "1")),
        List.of("plain: main of task t1 runs on the drained device a")));
    c.add(new Case("scaled to zero, nothing runs", 0, null, List.of(plain("a", "t1", false, "1")),
        List.of()));
    return c;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void problems(Case c) {
    Model m = new Model();
    Model.Service s = new Model.Service("plain", TaskDefinitions.PLAIN);
    s.exists = true;
    s.desired = c.desired();
    s.roll = 1;
    m.services.put("plain", s);
    m.drained = c.drained();
    assertEquals(c.problems(), Convergence.problems(m, c.containers()));
  }
}
