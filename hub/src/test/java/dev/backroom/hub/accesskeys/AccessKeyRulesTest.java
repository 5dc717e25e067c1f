package dev.backroom.hub.accesskeys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.validate.Violation;
import dev.backroom.ecs.keys.AccessKeyRules;
import dev.backroom.ecs.keys.AccessKeyStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a new key may ask for, and a key's status at a given time: pure, table-driven. */
class AccessKeyRulesTest {
  /** A request, the role of its user (null: no such user), and the fields refused. */
  record Case(String name, String username, String role, String description, Long expires,
      String userRole, List<String> refused) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> requests() {
    return List.of(
        new Case("pipeline key with a role", null, "operator", "ci", 3600L, null, List.of()),
        new Case("user key taking the user's role", "ann", null, null, null, "operator",
            List.of()),
        new Case("user key weaker than its user", "ann", "viewer", null, null, "admin",
            List.of()),
        new Case("user key as strong as its user", "ann", "admin", null, null, "admin",
            List.of()),
        new Case("shortest and longest expiry", null, "viewer", null, 60L, null, List.of()),
        new Case("ten years", null, "viewer", null, 315_360_000L, null, List.of()),
        new Case("description of 256", null, "viewer", "d".repeat(256), null, null, List.of()),
        new Case("pipeline key without a role", null, null, null, null, null, List.of("role")),
        new Case("unknown role", null, "root", null, null, null, List.of("role")),
        new Case("role in the wrong case", null, "Admin", null, null, null, List.of("role")),
        new Case("unknown user", "nobody", null, null, null, null, List.of("username")),
        new Case("unknown user and bad role", "nobody", "root", null, null, null,
            List.of("username", "role")),
        new Case("stronger than its user", "ann", "admin", null, null, "operator",
            List.of("role")),
        new Case("description of 257", null, "viewer", "d".repeat(257), null, null,
            List.of("description")),
        new Case("expiry of 59 s", null, "viewer", null, 59L, null, List.of("expiresInSeconds")),
        new Case("expiry of zero", null, "viewer", null, 0L, null, List.of("expiresInSeconds")),
        new Case("negative expiry", null, "viewer", null, -3600L, null,
            List.of("expiresInSeconds")),
        new Case("beyond ten years", null, "viewer", null, 315_360_001L, null,
            List.of("expiresInSeconds")),
        new Case("Long.MAX_VALUE (would overflow an Instant)", null, "viewer", null,
            Long.MAX_VALUE, null, List.of("expiresInSeconds")),
        new Case("everything wrong at once", "nobody", "root", "d".repeat(300), 1L, null,
            List.of("username", "role", "description", "expiresInSeconds")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void check_refusesExactlyTheFieldsThatAreWrong(Case c) {
    List<Violation> v = AccessKeyRules.check(c.username(), c.role(), c.description(),
        c.expires(), c.userRole());
    assertEquals(c.refused(), v.stream().map(Violation::path).toList(), v.toString());
    v.forEach(x -> assertEquals(false, x.reason().isBlank(), x.toString()));
  }

  record StatusCase(String name, boolean readable, boolean enabled, Instant expiresAt,
      AccessKeyStatus want) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  static List<StatusCase> statuses() {
    return List.of(
        new StatusCase("enabled, no expiry", true, true, null, AccessKeyStatus.ACTIVE),
        new StatusCase("enabled, expires later", true, true, NOW.plusSeconds(1),
            AccessKeyStatus.ACTIVE),
        new StatusCase("expires at this instant", true, true, NOW, AccessKeyStatus.EXPIRED),
        new StatusCase("expired", true, true, NOW.minusSeconds(1), AccessKeyStatus.EXPIRED),
        new StatusCase("disabled", true, false, null, AccessKeyStatus.DISABLED),
        new StatusCase("disabled and expired: expiry lasts", true, false, NOW.minusSeconds(1),
            AccessKeyStatus.EXPIRED),
        new StatusCase("unreadable beats everything", false, true, null,
            AccessKeyStatus.UNREADABLE),
        new StatusCase("unreadable, disabled, expired", false, false, NOW.minusSeconds(1),
            AccessKeyStatus.UNREADABLE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void status_atAGivenInstant(StatusCase c) {
    assertEquals(c.want(), AccessKeyStatus.of(c.readable(), c.enabled(), c.expiresAt(), NOW));
  }
}
