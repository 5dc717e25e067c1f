package dev.backroom.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RestartPolicyTest {

  record Case(String name, RestartPolicy policy, int exitCode, int attemptsSoFar, boolean restart) {
    @Override
    public String toString() {
      return name;
    }
  }

  static RestartPolicy policy(String p) {
    return new RestartPolicy(null, p, null, null, null);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("default restarts a clean exit", RestartPolicy.DEFAULT, 0, 0, true),
        new Case("default restarts a crash, unbounded", RestartPolicy.DEFAULT, 137, 1_000, true),
        new Case("absent policy means always", new RestartPolicy(null, null, null, null, null), 0, 3, true),
        new Case("enabled true with no policy means always", new RestartPolicy(true, null, null, null, null), 1, 0, true),
        new Case("enabled false overrides always", new RestartPolicy(false, "always", null, null, null), 1, 0, false),
        new Case("never does not restart a crash", policy("never"), 1, 0, false),
        new Case("on-failure restarts a crash", policy("on-failure"), 1, 0, true),
        new Case("on-failure leaves a clean exit alone", policy("on-failure"), 0, 0, false),
        new Case("ignored exit code is not restarted",
            new RestartPolicy(null, "always", null, List.of(0, 143), null), 143, 0, false),
        new Case("other exit codes still restart despite ignored list",
            new RestartPolicy(null, "always", null, List.of(0, 143), null), 1, 0, true),
        new Case("below maxAttempts restarts", new RestartPolicy(null, "on-failure", 3, null, null), 1, 2, true),
        new Case("at maxAttempts stops", new RestartPolicy(null, "on-failure", 3, null, null), 1, 3, false),
        new Case("maxAttempts zero never restarts", new RestartPolicy(null, "always", 0, null, null), 1, 0, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldRestart_followsPolicy(Case c) {
    assertEquals(c.restart(), c.policy().shouldRestart(c.exitCode(), c.attemptsSoFar()));
  }
}
