package dev.backroom.cloud.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.jdbc.Jdbc;
import java.sql.SQLException;
import java.util.List;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

/**
 * A database failure is answered by what it says of the cloud: an exhausted connection pool
 * (Agroal's acquisition timeout) is overload, 503 with Retry-After, which the hub backs off from;
 * anything else stays a 500.
 */
class OverloadAnswerTest {
  record Case(SQLException cause, int status, String error, String retryAfter) {}

  @Test
  void databaseFailures_mapToTheirStatus() {
    List<Case> cases = List.of(
        new Case(new SQLException("Sorry, acquisition timeout!"), 503, "unavailable", "1"),
        new Case(new SQLException("acquisition timeout", "08001"), 500, "internal", null),
        new Case(new SQLException("duplicate key value violates unique constraint", "23505"), 500,
            "internal", null),
        new Case(new SQLException((String) null), 500, "internal", null));
    ErrorMappers mappers = new ErrorMappers();
    for (Case c : cases) {
      Response r = mappers.database(new Jdbc.StoreException(c.cause()));
      assertEquals(c.status(), r.getStatus(), c.cause().getMessage());
      assertEquals(c.error(), ((CloudError) r.getEntity()).error(), c.cause().getMessage());
      assertEquals(c.retryAfter(), r.getHeaderString("Retry-After"), c.cause().getMessage());
    }
  }
}
