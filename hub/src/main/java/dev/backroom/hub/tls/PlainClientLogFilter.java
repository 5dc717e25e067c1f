package dev.backroom.hub.tls;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Netty logs a client that speaks plain MQTT to a TLS port of the hub's JVM (the telemetry
 * listener) with the bytes it sent, as hex: its CONNECT, user name and password included. This
 * keeps the event (one line, the channel is closed either way) and drops the bytes. Installed as
 * {@code quarkus.log.console.filter}.
 */
@LoggingFilter(name = "backroom-plain-client")
public final class PlainClientLogFilter implements Filter {
  @Override
  public boolean isLoggable(LogRecord record) {
    if (!hasNotSslRecord(record.getThrown()) && !String.valueOf(record.getMessage())
        .contains("not an SSL/TLS record")) {
      return true;
    }
    record.setMessage("refused a plain (non-TLS) client on a TLS MQTT port; what it sent is"
        + " not logged");
    record.setParameters(null);
    record.setThrown(null);
    return true;
  }

  private static boolean hasNotSslRecord(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof io.netty.handler.ssl.NotSslRecordException) {
        return true;
      }
    }
    return false;
  }
}
