package dev.backroom.hub.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** A plain client's bytes (its password among them) never reach the log; other records pass as they are. */
class PlainClientLogFilterTest {
  private final PlainClientLogFilter filter = new PlainClientLogFilter();

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

  @Test
  void otherRecords_areUntouched() {
    RuntimeException boom = new IllegalStateException("boom");
    LogRecord r = new LogRecord(Level.WARNING, "something else {0}");
    r.setThrown(boom);

    assertTrue(filter.isLoggable(r));
    assertEquals("something else {0}", r.getMessage());
    assertEquals(boom, r.getThrown());
  }
}
