package dev.backroom.mqtt.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReconnectBackoffTest {
  /** R: refused, O: any other failure, S: a successful connect. */
  static Stream<Arguments> sequences() {
    return Stream.of(
        Arguments.of("RRRRRRR", List.of(200L, 400L, 800L, 1600L, 2000L, 2000L, 2000L)),
        Arguments.of("OOOOOOO", List.of(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L)),
        // A broker that went from refusing to failing handshakes waits longer at once...
        Arguments.of("RRRRRRO", List.of(200L, 400L, 800L, 1600L, 2000L, 2000L, 5000L)),
        // ...and one that now only refuses is tried every 2 s again.
        Arguments.of("OOOOOOR", List.of(200L, 400L, 800L, 1600L, 3200L, 5000L, 2000L)),
        Arguments.of("RRRSRR", List.of(200L, 400L, 800L, 200L, 400L)));
  }

  @ParameterizedTest
  @MethodSource("sequences")
  void delaysDoubleFrom200ms_refusedCappedAt2s_othersAt5s(String events, List<Long> expected) {
    ReconnectBackoff b = new ReconnectBackoff();
    List<Long> got = new java.util.ArrayList<>();
    for (char c : events.toCharArray()) {
      if (c == 'S') {
        b.reset();
      } else {
        got.add(b.afterFailure(c == 'R'));
      }
    }
    assertEquals(expected, got);
  }

  @Test
  void jitterAddsUpToHalf_seeded() {
    Random r = new Random(20261208);
    for (int i = 0; i < 10_000; i++) {
      long delay = 1 + r.nextInt(5_000);
      long j = ReconnectBackoff.withJitter(delay, r.nextDouble());
      assertTrue(j >= delay && j <= delay + delay / 2 + 1, delay + " -> " + j);
    }
    assertEquals(2_000, ReconnectBackoff.withJitter(2_000, 0.0));
    assertEquals(3_000, ReconnectBackoff.withJitter(2_000, 0.9999));
  }

  @Test
  void refused_isAConnectExceptionAnywhereInTheCauses() {
    assertTrue(ReconnectBackoff.refused(new ConnectException("Connection refused")));
    assertTrue(ReconnectBackoff.refused(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
        new ConnectException("Connection refused"))));
    assertFalse(ReconnectBackoff.refused(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
        new SSLHandshakeException("PKIX path building failed"))));
    assertFalse(ReconnectBackoff.refused(new MqttException(MqttException.REASON_CODE_FAILED_AUTHENTICATION)));
    assertFalse(ReconnectBackoff.refused(new IOException(new SocketTimeoutException("connect timed out"))));
  }
}
