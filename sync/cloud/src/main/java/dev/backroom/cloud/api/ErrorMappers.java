package dev.backroom.cloud.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.backroom.jdbc.Jdbc;
import dev.backroom.sync.wire.ErrorCodes;
import dev.backroom.sync.wire.WireFormatException;
import jakarta.ws.rs.WebApplicationException;
import java.sql.SQLException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Keeps every error answer in the contract's shape: a body that does not parse is the caller's
 * 400 with the JSON path, an exhausted connection pool a 503, anything unexpected is a logged 500
 * without internals.
 */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

  @ServerExceptionMapper
  public Response wireFormat(WireFormatException e) {
    return response(400, new CloudError(ErrorCodes.BAD_REQUEST,
        "body does not fit the protocol at " + e.path() + ": " + e.reason(), null, null));
  }

  /** Broken JSON, invalid UTF-8, a number beyond its type, nesting beyond Jackson's limit. */
  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e) {
    String detail = e.getOriginalMessage() == null ? ""
        : e.getOriginalMessage().lines().findFirst().orElse("");
    if (detail.length() > 240) {
      detail = detail.substring(0, 240) + "...";
    }
    return response(400, new CloudError(ErrorCodes.BAD_REQUEST,
        "the body is not JSON this request accepts: " + detail, null, null));
  }

  /** Replaces Quarkus's own mapper, whose body has no error code or message. */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    return unreadableJson(e);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    Response r = e.getResponse();
    if (r.hasEntity()) {
      return r;
    }
    if (e.getCause() instanceof JsonProcessingException j) {
      return unreadableJson(j);
    }
    int status = r.getStatus();
    String code = switch (status) {
      case 401 -> ErrorCodes.UNAUTHORIZED;
      case 404 -> ErrorCodes.NOT_FOUND;
      case 409 -> ErrorCodes.CONFLICT;
      case 413 -> "payload_too_large";
      default -> status < 500 ? ErrorCodes.BAD_REQUEST : "internal";
    };
    String message = e.getMessage() == null ? "HTTP " + status : e.getMessage();
    return response(status, new CloudError(code, message, null, null));
  }

  /**
   * No database connection came free within the pool's acquisition timeout: the cloud is
   * overloaded, which is a 503 the hub backs off from (its retries have full jitter), not a
   * failure to log as a bug. Any other database failure is unexpected.
   */
  @ServerExceptionMapper
  public Response database(Jdbc.StoreException e) {
    if (poolExhausted(e)) {
      LOG.debugf("answered 503: %s", e.getMessage());
      return Response.fromResponse(response(503, new CloudError("unavailable", "the cloud is"
          + " overloaded (no database connection came free in time); retry later", null, null)))
          .header("Retry-After", "1").build();
    }
    return unexpected(e);
  }

  /** Agroal's "Sorry, acquisition timeout!": it names no SQL state, only this message. */
  static boolean poolExhausted(Jdbc.StoreException e) {
    return e.getCause() instanceof SQLException sql && sql.getSQLState() == null
        && sql.getMessage() != null && sql.getMessage().contains("acquisition timeout");
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.error("request failed", e);
    return response(500, new CloudError("internal", "the cloud failed to handle the request; see"
        + " its log", null, null));
  }

  private static Response response(int status, CloudError body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }
}
