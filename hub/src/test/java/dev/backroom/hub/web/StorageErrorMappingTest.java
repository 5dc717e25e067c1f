package dev.backroom.hub.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.backroom.jdbc.Jdbc.StoreException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the REST layer answers for an exception nothing else mapped: a storage failure is a 503
 * with a storage error code and Retry-After, anything else stays a 500; never the driver's text.
 */
class StorageErrorMappingTest {
  record Case(String name, Exception thrown, int status, String error, String retryAfter) {
    @Override
    public String toString() {
      return name;
    }
  }

  static SQLException h2DiskFull() {
    return new SQLException("General error: \"org.h2.mvstore.MVStoreException: Writing to"
        + " sun.nio.ch.FileChannelImpl@452e19ca failed\"", "HY000", 50000,
        new RuntimeException("Writing failed", new IOException("No space left on device")));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("disk full", new StoreException(h2DiskFull()), 503, "storage_full", "5"),
        new Case("database closed", new StoreException(new SQLException(
            "The database has been closed", "90098", 90098)), 503, "storage_unavailable", "5"),
        new Case("disk full, wrapped by a service", new IllegalStateException("saving failed",
            new StoreException(h2DiskFull())), 503, "storage_full", "5"),
        new Case("another database failure", new StoreException(new SQLException("Syntax error",
            "42000", 42000)), 500, "internal_error", null),
        new Case("a bug", new NullPointerException("x"), 500, "internal_error", null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void maps(Case c) {
    Response r = new ErrorMappers().unexpected(c.thrown());
    ApiError body = (ApiError) r.getEntity();
    assertEquals(c.status(), r.getStatus(), c.name());
    assertEquals(c.error(), body.error(), c.name());
    assertEquals(c.retryAfter(), r.getHeaderString("Retry-After"), c.name());
    assertFalse(body.message().contains("MVStore") || body.message().contains("Syntax"),
        "the driver's text stays in the log: " + body.message());
  }
}
