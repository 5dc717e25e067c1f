package dev.backroom.hub.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PasswordPolicyTest {
  /** A password and the rule it breaks, or null when it is acceptable. */
  record Case(String password, String rule) {
    @Override
    public String toString() {
      return (password == null ? "null" : "'" + password + "'") + " -> "
          + (rule == null ? "ok" : rule);
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(null, "length"),
        new Case("", "length"),
        new Case("short", "length"),
        new Case("nine char", "length"),
        new Case("x".repeat(1025), "length"),
        new Case(" ".repeat(10), "whitespace_only"),
        new Case("\t \n \t \n \u00a0 ", "whitespace_only"),
        new Case("aaaaaaaaaa", "one_character"),
        new Case("1111111111111", "one_character"),
        new Case("éééééééééé", "one_character"),
        new Case("password123", "common"),
        new Case("PassWord123", "common"),
        new Case("qwertyuiop", "common"),
        new Case("1234567890", "common"),
        new Case("  qwertyuiop  ", "common"),
        new Case("1q2w3e4r5t", "common"),
        new Case("correct horse battery staple", null),
        new Case("pw-of-alice-0123", null),
        new Case("aaaaaaaaab", null),
        new Case("x".repeat(1024).replaceFirst("x", "y"), null),
        new Case("ten chars!", null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void eachRuleIsNamed(Case c) {
    Optional<PasswordPolicy.Weakness> w = PasswordPolicy.check(c.password());
    assertEquals(Optional.ofNullable(c.rule()), w.map(PasswordPolicy.Weakness::rule));
    w.ifPresent(x -> assertTrue(x.message().length() > 10, x.message()));
  }

  @Test
  void theShippedListHasItsFiveThousandEntries() {
    assertEquals(5000, PasswordPolicy.commonCount());
  }

  /** Verifies that a weak configured first-admin password stops the start, naming the rule. */
  @Test
  void weakConfiguredAdminPassword_stopsTheStart_andCreatesNoUser() {
    List<String> created = new ArrayList<>();
    for (String weak : List.of("aaaaaaaaaa", "          ", "password123", "short")) {
      Accounts a = accounts(weak, created);
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> a.createFirstAdmin(Instant.EPOCH));
      assertTrue(e.getMessage().contains("backroom.auth.admin-password is too weak"),
          e.getMessage());
      assertTrue(e.getMessage().contains("(rule "), e.getMessage());
    }
    assertEquals(List.of(), created);
    accounts("a strong enough one", created).createFirstAdmin(Instant.EPOCH);
    assertEquals(List.of(Accounts.FIRST_ADMIN), created);
  }

  private static Accounts accounts(String adminPassword, List<String> created) {
    Accounts a = new Accounts();
    a.config = new AuthConfig() {
      public boolean enabled() {
        return true;
      }

      public Optional<String> adminPassword() {
        return Optional.of(adminPassword);
      }

      public Optional<String> bootstrapToken() {
        return Optional.empty();
      }

      public Duration sessionIdleTimeout() {
        return Duration.ofMinutes(30);
      }

      public Duration sessionMaxAge() {
        return Duration.ofHours(12);
      }

      public Throttle throttle() {
        return null;
      }
    };
    a.users = new UserStore() {
      @Override
      public long count() {
        return 0;
      }

      @Override
      public boolean create(String username, String role, String hash, Instant now) {
        created.add(username);
        return true;
      }
    };
    return a;
  }
}
