package dev.backroom.hub.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.backroom.config.model.Service;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hash a service's tasks carry: the revision's until a redeploy is forced, a new one for
 * every forced redeploy, and the count a rollback returns to found from a deployment's hash.
 */
class ServiceRecordTest {
  private static ServiceRecord withRedeploys(int n) {
    return new ServiceRecord(new Service("web", "web:1", 1, null), "web", 1, Instant.EPOCH,
        Instant.EPOCH, ServiceStore.LOCAL, n);
  }

  record Case(String name, int redeploysOfTarget, int upTo, OptionalInt found) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("never forced: the revision's own hash, count 0", 0, 3, OptionalInt.of(0)),
        new Case("forced twice, rolled back to the first force", 1, 2, OptionalInt.of(1)),
        new Case("the current count itself", 2, 2, OptionalInt.of(2)),
        new Case("a hash from a later count than the service has: none", 3, 2,
            OptionalInt.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void redeploysOf_findsTheCountOfAHash(Case c) {
    String target = withRedeploys(c.redeploysOfTarget()).taskSpecHash("h1");
    assertEquals(c.found(), ServiceRecord.redeploysOf("h1", target, c.upTo()));
  }

  @ParameterizedTest(name = "{0} redeploys")
  @MethodSource("counts")
  void everyForcedRedeploy_givesANewHash_ofTheSameRevision(int n) {
    assertEquals(n == 0, withRedeploys(n).taskSpecHash("h1").equals("h1"));
    assertNotEquals(withRedeploys(n).taskSpecHash("h1"), withRedeploys(n + 1).taskSpecHash("h1"));
    assertNotEquals(withRedeploys(n).taskSpecHash("h1"), withRedeploys(n).taskSpecHash("h2"));
  }

  static Stream<Integer> counts() {
    return Stream.of(0, 1, 2, 17);
  }
}
