package dev.backroom.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which {@code next} targets the login form follows: local paths only, never another host. */
class ReturnToTest {
  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "/devices|/devices",
      "/events?kind=task&deviceId=d-1|/events?kind=task&deviceId=d-1",
      "/tasks/t-1|/tasks/t-1",
      "/audit?actor=a%20b|/audit?actor=a%20b",
      "//evil.example/x|/",
      "///evil.example|/",
      "/\\evil.example|/",
      "/x\\y|/",
      "https://evil.example/|/",
      "javascript:alert(1)|/",
      "evil.example|/",
      "devices|/",
      "\"\"|/",
      "\"/\t/evil.example\"|/",
      "\"/ /evil.example\"|/",
      "/login|/",
      "/login?next=/devices|/",
      "/a<b|/",
  })
  void onlyLocalPathsAreFollowed(String next, String expected) {
    assertEquals(expected, ReturnTo.target(next));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "GET|/devices|/login?next=%2Fdevices",
      "GET|/events?kind=task&taskId=t|/login?next=%2Fevents%3Fkind%3Dtask%26taskId%3Dt",
      "GET|/|/login",
      "POST|/devices|/login",
      "GET|http://evil.example/devices|/login",
  })
  void theLoginAddress_carriesOnlyAReplayableLocalPage(String method, String uri,
      String expected) {
    assertEquals(expected, ReturnTo.loginFor(method, uri));
  }
}
