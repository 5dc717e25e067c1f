package dev.backroom.cloud.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.wire.ErrorCodes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Every refusal: the contract's {@code {error, message}} plus, where they help, the spec's
 * violations with field paths or the sequence the cloud expects.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CloudError(String error, String message, List<Violation> violations, Long expected) {

  public static WebApplicationException of(int status, String error, String message) {
    return build(status, new CloudError(error, message, List.of(), null));
  }

  public static WebApplicationException badRequest(String message) {
    return of(400, ErrorCodes.BAD_REQUEST, message);
  }

  /** 400 for input that fails validation; the message repeats every path so logs show it. */
  public static WebApplicationException invalid(String code, String what,
      List<Violation> violations) {
    String joined = String.join("; ", violations.stream().map(Violation::toString).toList());
    return build(400, new CloudError(code, "invalid " + what + ": " + joined, violations, null));
  }

  public static WebApplicationException notFound(String message) {
    return of(404, ErrorCodes.NOT_FOUND, message);
  }

  public static WebApplicationException conflict(String message) {
    return of(409, ErrorCodes.CONFLICT, message);
  }

  public static WebApplicationException unauthorized(String message) {
    return of(401, ErrorCodes.UNAUTHORIZED, message);
  }

  public static WebApplicationException sequenceGap(long expected, long got) {
    return build(409, new CloudError(ErrorCodes.SEQUENCE_GAP,
        "expected sequence " + expected + " but got " + got, List.of(), expected));
  }

  private static WebApplicationException build(int status, CloudError body) {
    return new WebApplicationException(body.message(), Response.status(status)
        .type(MediaType.APPLICATION_JSON).entity(body).build());
  }
}
