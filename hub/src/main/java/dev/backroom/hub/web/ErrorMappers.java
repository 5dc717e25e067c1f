package dev.backroom.hub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.backroom.jdbc.StorageFailure;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every refusal that reaches the REST layer answers {@link ApiError} JSON: a JAX-RS exception
 * that has no body (405, 406, 415, an unmatched path's 404), a body Jackson cannot read (broken
 * JSON, invalid UTF-8, a wrong type, a number out of range, nesting or a string beyond
 * Jackson's limits), and a role that may not call the method (403). The 401 challenge is
 * written by the auth mechanism, statuses raised below the REST layer (413, unrouted paths) by
 * {@link JsonErrorRoutes}. A {@link StorageFailure} (the disk full, the database closed under
 * the request) is no bug and passes by itself: 503 with {@code Retry-After}, one log line.
 * Anything else is a bug of the hub: 500, with the cause in the log and not in the answer.
 */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class);
  /** Enough of a parser's message to find the fault; it may quote the caller's input. */
  private static final int MAX_DETAIL = 240;

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    Response r = e.getResponse();
    if (r.getStatus() < 400 || r.hasEntity()) {
      return r;
    }
    if (e.getCause() instanceof JsonProcessingException j) {
      // Quarkus's body reader wraps what Jackson threw in a bare 400
      return unreadableJson(j);
    }
    int status = r.getStatus();
    String message = e.getMessage() == null || e.getMessage().startsWith("HTTP ")
        ? ApiError.messageOf(status) : clip(e.getMessage());
    return Response.fromResponse(r).type(MediaType.APPLICATION_JSON)
        .entity(ApiError.of(ApiError.codeOf(status), message)).build();
  }

  @ServerExceptionMapper
  public Response unreadableJson(JsonProcessingException e) {
    if (e.getCause() instanceof WebApplicationException refused) {
      // a request record's constructor refused a value (ActionRequest's bounds)
      return webApplication(refused);
    }
    return ApiError.response(400, "invalid_json",
        "the body is not JSON this request accepts: " + clip(e.getOriginalMessage()));
  }

  /** Replaces Quarkus's own mapper, whose body has no error code or message. */
  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e) {
    return unreadableJson(e);
  }

  /**
   * A guarded method called without credentials: 401 with the JSON body, or for a browser
   * asking for a page the login form, as the auth mechanism answers before the REST layer.
   */
  @ServerExceptionMapper
  public Response unauthorized(UnauthorizedException e, RoutingContext ctx) {
    if (LoginChallenge.wantsLoginPage(ctx)) {
      return Response.status(302).header(HttpHeaders.LOCATION,
          ReturnTo.loginFor(ctx.request().method().name(), ctx.request().uri())).build();
    }
    return Response.fromResponse(ApiError.response(401, ApiError.codeOf(401),
        ApiError.messageOf(401))).header(HttpHeaders.WWW_AUTHENTICATE,
        LoginChallenge.BEARER).build();
  }

  @ServerExceptionMapper
  public Response forbidden(ForbiddenException e) {
    return ApiError.response(403, "forbidden", ApiError.messageOf(403));
  }

  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    var storage = StorageFailure.of(e);
    if (storage.isPresent()) {
      LOG.debugf("request refused, storage %s: %s", storage.get(), e.getMessage());
      return storageFailed(storage.get());
    }
    LOG.error("request failed", e);
    return ApiError.response(500, "internal_error",
        "the hub could not answer this request; its log has the cause");
  }

  /** Seconds a client is asked to wait before retrying while the storage fails. */
  static final int STORAGE_RETRY_AFTER_SECONDS = 5;

  /** The answer while the hub cannot store: the request did nothing and may be sent again. */
  public static Response storageFailed(StorageFailure f) {
    Response r = f == StorageFailure.FULL
        ? ApiError.response(503, "storage_full", "the hub's disk is full, so it could not"
            + " store this request; retry once space is freed in its data directory")
        : ApiError.response(503, "storage_unavailable", "the hub's database is unavailable, so"
            + " it could not store this request; retry in a few seconds");
    return Response.fromResponse(r).header("Retry-After", STORAGE_RETRY_AFTER_SECONDS).build();
  }

  private static String clip(String s) {
    if (s == null) {
      return "";
    }
    String line = s.lines().findFirst().orElse("");
    return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "..." : line;
  }
}
