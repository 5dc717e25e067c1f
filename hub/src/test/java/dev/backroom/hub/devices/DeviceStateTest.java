package dev.backroom.hub.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.mqtt.message.Capabilities;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DeviceStateTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final Capabilities CAPS = new Capabilities("d1", "x86_64", "linux", 4, 4096, 0, Map.of(), "test");

  /** A device connected and seen at T0, then {@code events}; is it available at {@code at}? */
  record Case(String name, UnaryOperator<DeviceState> events, Instant at, boolean available) {
    @Override
    public String toString() {
      return name;
    }
  }

  static DeviceState will(DeviceState s) {
    return s.lifecycle(false, s.lastSeen());
  }

  static Stream<Case> cases() {
    Instant t10 = T0.plusSeconds(10);
    return Stream.of(
        new Case("heard within the timeout", s -> s, T0.plus(TIMEOUT), true),
        new Case("not heard for longer than the timeout", s -> s, T0.plus(TIMEOUT).plusSeconds(1), false),
        new Case("a heartbeat moves the deadline", s -> s.heard(t10), t10.plus(TIMEOUT), true),
        new Case("a will makes it unavailable at once", s -> will(s), t10, false),
        new Case("a late heartbeat after the will does not bring it back",
            s -> will(s).heard(t10.plusMillis(5)), t10.plusSeconds(1), false),
        new Case("a late heartbeat after the will, long after", s -> will(s).heard(t10),
            t10.plusSeconds(60), false),
        // The hub went deaf at t10 (its broker connection lost) and hears again at t200.
        new Case("alive when the hub went deaf: presumed after it hears again",
            s -> s.presumedAfterHubConnect(t10, T0.plusSeconds(215), TIMEOUT),
            T0.plusSeconds(210), true),
        new Case("the presumption ends", s -> s.presumedAfterHubConnect(t10, T0.plusSeconds(215), TIMEOUT),
            T0.plusSeconds(216), false),
        new Case("already lost when the hub went deaf: stays lost",
            s -> s.presumedAfterHubConnect(T0.plus(TIMEOUT).plusSeconds(1), T0.plusSeconds(215), TIMEOUT),
            T0.plusSeconds(210), false),
        new Case("ended by its will: stays unavailable",
            s -> will(s).presumedAfterHubConnect(t10, T0.plusSeconds(215), TIMEOUT),
            T0.plusSeconds(210), false),
        new Case("a will during the presumption ends it",
            s -> will(s.presumedAfterHubConnect(t10, T0.plusSeconds(215), TIMEOUT)),
            T0.plusSeconds(210), false),
        new Case("heard during the presumption: the heartbeat timeout counts again",
            s -> s.presumedAfterHubConnect(t10, T0.plusSeconds(215), TIMEOUT).heard(T0.plusSeconds(205)),
            T0.plusSeconds(205).plus(TIMEOUT), true),
        // The broker hands the hub the retained "online" and capabilities on resubscribing, which
        // may be handled after the reconnection's presumption: they must not shorten it.
        new Case("retained online after the presumption began: still presumed",
            s -> s.presumedAfterHubConnect(t10, T0.plusSeconds(400), TIMEOUT)
                .lifecycle(true, T0.plusSeconds(200)),
            T0.plusSeconds(200).plus(TIMEOUT).plusSeconds(5), true),
        new Case("retained capabilities after the presumption began: still presumed",
            s -> s.presumedAfterHubConnect(t10, T0.plusSeconds(400), TIMEOUT)
                .withCapabilities(CAPS, T0.plusSeconds(200)),
            T0.plusSeconds(200).plus(TIMEOUT).plusSeconds(5), true),
        new Case("online after a will: available again, counted from then",
            s -> will(s).lifecycle(true, T0.plusSeconds(200)),
            T0.plusSeconds(200).plus(TIMEOUT), true),
        new Case("capabilities after a will with a stale presumption: the timeout counts",
            s -> will(s.presumedAfterHubConnect(t10, T0.plusSeconds(215), TIMEOUT))
                .withCapabilities(CAPS, T0.plusSeconds(300)),
            T0.plusSeconds(300).plus(TIMEOUT).plusSeconds(1), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void available(Case c) {
    DeviceState s = c.events().apply(new DeviceState(CAPS, true, T0));
    assertEquals(c.available(), s.availableAt(c.at(), TIMEOUT));
  }
}
