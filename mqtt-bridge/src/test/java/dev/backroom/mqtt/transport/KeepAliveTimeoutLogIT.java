package dev.backroom.mqtt.transport;

import static dev.backroom.mqtt.transport.TransportFixture.WAIT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker frozen (SIGSTOP) past the client's keep-alive: Paho times the connection out and
 * logs it, the transport reconnects once the broker thaws, and the record is a warning, not
 * SEVERE (PahoKeepAliveLog), since nothing was left unhandled.
 */
class KeepAliveTimeoutLogIT {
  private final TransportFixture fx = new TransportFixture();
  private final Logger paho = Logger.getLogger(PahoKeepAliveLog.CLIENT_STATE);
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private TestMosquitto broker;
  private boolean frozen;

  @AfterEach
  void stop() throws Exception {
    paho.removeHandler(capture);
    if (frozen) {
      signal("CONT");
    }
    fx.close();
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void keepAliveTimeoutOfAFrozenBroker_isAWarning_andTheClientReconnects() throws Exception {
    broker = TransportFixture.startBroker(TransportFixture.freePort());
    paho.addHandler(capture);
    List<Boolean> connects = new CopyOnWriteArrayList<>();
    PahoMqttTransport t = fx.transport(
        MqttOptions.of(broker.uri(), "keepalive-log-1").withKeepAlive(1));
    t.onConnected(connects::add);
    t.start();
    await().atMost(WAIT).until(() -> connects.size() == 1);

    signal("STOP");
    frozen = true;
    await().atMost(Duration.ofSeconds(15)).until(() -> timedOut().size() > 0);
    signal("CONT");
    frozen = false;
    await().atMost(Duration.ofSeconds(20)).until(() -> connects.size() >= 2 && t.isConnected());

    for (LogRecord r : timedOut()) {
      assertEquals(Level.WARNING, r.getLevel(), r.getMessage());
    }
    assertTrue(records.stream().noneMatch(r -> r.getLevel() == Level.SEVERE),
        () -> "no SEVERE record from Paho's ClientState: " + records.stream()
            .map(r -> r.getLevel() + " " + r.getMessage()).toList());
  }

  private List<LogRecord> timedOut() {
    return records.stream()
        .filter(r -> String.valueOf(r.getMessage()).contains(PahoKeepAliveLog.TIMED_OUT)).toList();
  }

  private void signal(String sig) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(broker.pid()))
        .inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + sig + " of the test broker");
  }
}
