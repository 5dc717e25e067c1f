package dev.backroom.hub.web;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Rewrites two records that libraries log in a shape that misleads an operator or leaks a
 * secret; every record is kept. Installed as {@code quarkus.log.console.filter}.
 *
 * <ul>
 *   <li>Netty logs a client that speaks plain MQTT to a TLS port of the hub's JVM (the telemetry
 *       listener) with the bytes it sent, as hex: its CONNECT, user name and password included.
 *       The event stays (one line, the channel is closed either way); the bytes go.
 *   <li>An HTTP/2 client that resets its stream before the hub has read the request (a client
 *       that gave up on a hub frozen or slow for a while) makes Quarkus fail the request with
 *       "Request has already been read" and log it as an unhandled ERROR with a stack trace
 *       (quarkusio/quarkus#34393). The request never reached a resource and its client is gone:
 *       a warning, without the trace.
 * </ul>
 */
@LoggingFilter(name = "backroom-hub-log")
public final class HubLogFilter implements Filter {
  static final String ERROR_HANDLER = "io.quarkus.vertx.http.runtime.QuarkusErrorHandler";
  static final String ALREADY_READ = "Request has already been read";

  @Override
  public boolean isLoggable(LogRecord record) {
    if (hasNotSslRecord(record.getThrown())
        || String.valueOf(record.getMessage()).contains("not an SSL/TLS record")) {
      record.setMessage("refused a plain (non-TLS) client on a TLS MQTT port; what it sent is"
          + " not logged");
      record.setParameters(null);
      record.setThrown(null);
    } else if (ERROR_HANDLER.equals(record.getLoggerName()) && alreadyRead(record.getThrown())) {
      String was = record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
          : String.valueOf(record.getMessage());
      String now = "a client reset its HTTP/2 stream before the request was read; not served"
          + " (quarkusio/quarkus#34393): " + was;
      record.setLevel(org.jboss.logmanager.Level.WARN); // printed WARN, as the hub's own warnings
      if (record instanceof ExtLogRecord ext) {
        ext.setMessage(now, ExtLogRecord.FormatStyle.NO_FORMAT); // a path may hold a '%'
      } else {
        record.setMessage(now);
      }
      record.setParameters(null);
      record.setThrown(null);
    }
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

  private static boolean alreadyRead(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof IllegalStateException && ALREADY_READ.equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }
}
