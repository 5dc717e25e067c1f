package dev.backroom.httpguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RequestPathsTest {
  /** target as sent; the refusal's distinctive words, or null when the path may be routed. */
  record Case(String target, String refusedFor) {
    @Override
    public String toString() {
      return target;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("/", null),
        new Case("/api/v1/devices", null),
        new Case("/api/v1/devices?x=a;b&y=%2F..", null),
        new Case("/api/v1/task-definitions/hello:3", null),
        new Case("/webjars/htmx.org/2.0.10/dist/htmx.min.js", null),
        new Case("/ui/.well-known/x/...", null),
        new Case("/q/%6Detrics", null),
        new Case("//q/metrics", null),
        new Case("/caf%C3%A9", null),
        new Case("http://hub:8080/api/v1/devices?a", null),
        new Case("http://hub:8080", null),
        new Case("/q/metrics;x", "';'"),
        new Case("/q/metrics;", "';'"),
        new Case("/api;jsessionid=1/v1", "';'"),
        new Case("/q/metrics%3Bx", "%3B"),
        new Case("/q/metrics%3bx", "%3B"),
        new Case("/api%2Fv1/devices", "%2F"),
        new Case("/api%2fv1", "%2F"),
        new Case("/api\\v1", "backslash"),
        new Case("/api%5Cv1", "%5C"),
        new Case("/api%5cv1", "%5C"),
        new Case("/q/./metrics", "dot segment"),
        new Case("/ui/../q/metrics", "dot segment"),
        new Case("/api/v1/..", "dot segment"),
        new Case("/api/v1/.", "dot segment"),
        new Case("/ui/%2E%2E/q/metrics", "dot segment"),
        new Case("/ui/%2e./q/metrics", "dot segment"),
        new Case("/ui/.%2e/q/metrics", "dot segment"),
        new Case("/q/%2E/metrics", "dot segment"),
        new Case("/api%252Fv1", "twice"),
        new Case("/api%", "malformed"),
        new Case("/api%2", "malformed"),
        new Case("/api%zz", "malformed"),
        new Case("/api%00", "control"),
        new Case("/api\u0001", "control"),
        new Case("http://hub/ui/../q/metrics", "dot segment"),
        new Case("/api/v1/x#/../../q/metrics", "'#'"),
        new Case("/api/v1/devices#", "'#'"),
        new Case("http://hub/a#/../q/metrics", "'#'"),
        new Case("/api/v1/devices?q=a#b", null),
        new Case("*", "neither"),
        new Case("api/v1", "neither"),
        new Case("", "no path"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void refusal_namesWhatIsWrong(Case c) {
    Optional<String> why = RequestPaths.refusal(c.target());
    if (c.refusedFor() == null) {
      assertEquals(Optional.empty(), why);
    } else {
      assertTrue(why.isPresent(), "expected a refusal");
      assertTrue(why.get().contains(c.refusedFor()), why.get());
    }
  }

  private static final String PLAIN = "abcxyzABC0189-_~:@!$&'()*+,=";
  private static final List<String> FORBIDDEN = List.of(
      ";", "%3B", "%3b", "%2F", "%2f", "%5C", "%5c", "\\", "%25");

  static Stream<Long> seeds() {
    return IntStream.range(0, 200).mapToObj(i -> 0x5eed0000L + i);
  }

  /**
   * Verifies that a path of plain segments passes, and that the same path with any forbidden
   * token anywhere in its path (or a dot segment in place of any segment) never does.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void plainPassesAndAnyForbiddenTokenIsRefused(long seed) {
    Random r = new Random(seed);
    int segments = 1 + r.nextInt(5);
    StringBuilder path = new StringBuilder();
    for (int s = 0; s < segments; s++) {
      path.append('/');
      int len = 1 + r.nextInt(8);
      for (int i = 0; i < len; i++) {
        path.append(PLAIN.charAt(r.nextInt(PLAIN.length())));
      }
    }
    String query = r.nextBoolean() ? "?q=" + FORBIDDEN.get(r.nextInt(FORBIDDEN.size())) : "";
    assertEquals(Optional.empty(), RequestPaths.refusal(path + query), path + query);

    int at = 1 + r.nextInt(path.length() - 1);
    String bad = path.substring(0, at) + FORBIDDEN.get(r.nextInt(FORBIDDEN.size()))
        + path.substring(at) + query;
    assertTrue(RequestPaths.refusal(bad).isPresent(), bad);

    String[] parts = path.substring(1).split("/", -1);
    parts[r.nextInt(parts.length)] = List.of(".", "..", "%2E", "%2e%2E", ".%2E").get(r.nextInt(5));
    String dotted = "/" + String.join("/", parts) + query;
    assertTrue(RequestPaths.refusal(dotted).orElse("").contains("dot segment"), dotted);
  }
}
