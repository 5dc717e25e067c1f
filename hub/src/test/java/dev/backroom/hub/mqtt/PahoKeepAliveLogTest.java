package dev.backroom.hub.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.logging.LoggerFactory;
import org.junit.jupiter.api.Test;

/**
 * The hub logs through JBoss LogManager, not plain java.util.logging: Paho's keep-alive timeout,
 * which the transport handles by reconnecting, must reach the hub's log as a warning there too
 * (mqtt-bridge's KeepAliveTimeoutLogIT shows the real timeout under plain java.util.logging).
 */
class PahoKeepAliveLogTest {
  private static final String CLIENT_STATE = "org.eclipse.paho.client.mqttv3.internal.ClientState";

  @Test
  void pahoKeepAliveTimeout_reachesTheHubsLogAsAWarning() throws Exception {
    assertEquals("org.jboss.logmanager.LogManager", LogManager.getLogManager().getClass().getName(),
        "surefire must run the hub's tests with java.util.logging.manager set as Quarkus does");
    Class.forName("dev.backroom.mqtt.transport.PahoMqttTransport", true,
        getClass().getClassLoader()); // installs the filter, as the hub's first transport does
    List<LogRecord> seen = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        seen.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger jul = Logger.getLogger(CLIENT_STATE);
    jul.addHandler(capture);
    try {
      // What Paho's ClientState.checkForActivity does when the broker stops answering.
      var paho = LoggerFactory.getLogger(LoggerFactory.MQTT_CLIENT_MSG_CAT, CLIENT_STATE);
      paho.setResourceName("hub-1");
      paho.severe(CLIENT_STATE, "checkForActivity", "619",
          new Object[] {20_000_000_000L, 1L, 2L, 3L, 4L});
      paho.severe(CLIENT_STATE, "checkForActivity", "some other failure", null);
    } finally {
      jul.removeHandler(capture);
    }
    assertEquals(2, seen.size(), () -> seen.stream().map(LogRecord::getMessage).toList().toString());
    assertEquals(Level.WARNING, seen.get(0).getLevel(), seen.get(0).getMessage());
    assertEquals(Level.SEVERE, seen.get(1).getLevel(), "any other SEVERE record stays SEVERE");
  }
}
