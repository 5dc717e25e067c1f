package dev.backroom.hub.audit;

import dev.backroom.config.validate.Violation;
import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.web.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /api/v1/audit[?actor=&since=&limit=]}: the audit log, newest first, admins only (it
 * shows every user's actions, addresses and failed logins).
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AuditResource {
  @Inject AuditLog log;

  @GET
  public List<AuditEntry> list(@QueryParam("actor") String actor,
      @QueryParam("since") String since, @QueryParam("limit") @DefaultValue("200") int limit) {
    Instant from = null;
    if (since != null && !since.isBlank()) {
      try {
        from = Instant.parse(since);
      } catch (DateTimeParseException e) {
        throw ApiError.invalid("audit query", List.of(new Violation("since",
            "an ISO-8601 instant such as 2026-12-01T10:00:00Z")));
      }
    }
    return log.list(actor, from, Math.max(1, Math.min(limit, 5000)));
  }
}
