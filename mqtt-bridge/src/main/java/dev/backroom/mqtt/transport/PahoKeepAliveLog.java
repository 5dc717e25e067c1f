package dev.backroom.mqtt.transport;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Paho logs its own keep-alive timeout ("Timed out as no activity", or "no write activity") at
 * SEVERE, then hands the client a lost connection, which {@link PahoMqttTransport} reconnects: a
 * handled event (a frozen peer, a stalled link), not an error. This filter on Paho's {@code
 * ClientState} logger keeps the record and its text and lowers it to WARNING, so that an
 * operator's "no SEVERE/ERROR" stays meaningful. It works for plain java.util.logging (the agent)
 * and for JBoss LogManager (the hub), which both apply a logger's filter before its handlers.
 */
final class PahoKeepAliveLog implements Filter {
  static final String CLIENT_STATE = "org.eclipse.paho.client.mqttv3.internal.ClientState";
  static final String TIMED_OUT = "Timed out as no";

  /** Held: java.util.logging keeps loggers weakly, and a collected logger forgets its filter. */
  private static final Logger PAHO = Logger.getLogger(CLIENT_STATE);

  private final Filter next;

  private PahoKeepAliveLog(Filter next) {
    this.next = next;
  }

  /** Idempotent; keeps a filter someone else installed, after this one. */
  static synchronized void install() {
    Filter current = PAHO.getFilter();
    if (!(current instanceof PahoKeepAliveLog)) {
      PAHO.setFilter(new PahoKeepAliveLog(current));
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    if (record.getLevel() == Level.SEVERE
        && String.valueOf(record.getMessage()).contains(TIMED_OUT)) {
      record.setLevel(Level.WARNING);
    }
    return next == null || next.isLoggable(record);
  }
}
