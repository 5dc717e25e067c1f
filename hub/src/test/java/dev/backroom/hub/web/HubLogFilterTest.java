package dev.backroom.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/**
 * A plain client's bytes (its password among them) never reach the log; Quarkus's ERROR for a
 * request its HTTP/2 client reset is a warning; other records pass as they are.
 */
class HubLogFilterTest {
  private final HubLogFilter filter = new HubLogFilter();

  @Test
  void plainClientOnTlsPort_isLoggedWithoutItsBytes() {
    LogRecord r = new LogRecord(Level.SEVERE, "Unexpected exception while processing MQTT message");
    r.setThrown(new DecoderException(new NotSslRecordException(
        "not an SSL/TLS record: 105a00044d515454...6465766963653a")));

    assertTrue(filter.isLoggable(r), "the event itself stays");
    assertNull(r.getThrown());
    assertFalse(r.getMessage().contains("105a"), r.getMessage());
    assertTrue(r.getMessage().contains("plain (non-TLS) client"), r.getMessage());
  }

  /** As QuarkusErrorHandler logs it: printf style, the path a parameter (with a '%' in it). */
  @Test
  void requestResetBeforeItWasRead_isAWarningWithoutTrace() {
    ExtLogRecord r = new ExtLogRecord(Level.SEVERE, "HTTP Request to %s failed, error id: %s",
        ExtLogRecord.FormatStyle.PRINTF, HubLogFilter.ERROR_HANDLER);
    r.setLoggerName(HubLogFilter.ERROR_HANDLER);
    r.setParameters(new Object[] {"/api/v1/services/a%2Fb", "6f0e-1"});
    r.setThrown(new IllegalStateException(HubLogFilter.ALREADY_READ));

    assertTrue(filter.isLoggable(r));
    assertEquals(org.jboss.logmanager.Level.WARN, r.getLevel());
    assertNull(r.getThrown());
    String line = new PatternFormatter("%p %s").format(r);
    assertEquals("WARN a client reset its HTTP/2 stream before the request was read; not served"
        + " (quarkusio/quarkus#34393): HTTP Request to /api/v1/services/a%2Fb failed, error id:"
        + " 6f0e-1", line);
  }

  @Test
  void otherRecords_areUntouched() {
    RuntimeException boom = new IllegalStateException("boom");
    LogRecord r = new LogRecord(Level.WARNING, "something else {0}");
    r.setThrown(boom);
    ExtLogRecord other = new ExtLogRecord(Level.SEVERE, "HTTP Request to %s failed",
        ExtLogRecord.FormatStyle.PRINTF, HubLogFilter.ERROR_HANDLER);
    other.setLoggerName(HubLogFilter.ERROR_HANDLER);
    other.setThrown(new IllegalStateException("something else"));

    assertTrue(filter.isLoggable(r));
    assertTrue(filter.isLoggable(other));
    assertEquals("something else {0}", r.getMessage());
    assertEquals(boom, r.getThrown());
    assertEquals(Level.SEVERE, other.getLevel(), "another failure of a request stays an error");
  }
}
