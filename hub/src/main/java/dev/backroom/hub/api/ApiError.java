package dev.backroom.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backroom.config.validate.Violation;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The body of every error answer: a message and, for invalid input, every violation. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String message, List<Violation> violations) {

  public static WebApplicationException invalid(String what, List<Violation> violations) {
    return error(Response.Status.BAD_REQUEST, "invalid " + what, violations);
  }

  public static WebApplicationException notFound(String message) {
    return error(Response.Status.NOT_FOUND, message, List.of());
  }

  public static WebApplicationException unavailable(String message) {
    return error(Response.Status.SERVICE_UNAVAILABLE, message, List.of());
  }

  public static WebApplicationException conflict(String message) {
    return error(Response.Status.CONFLICT, message, List.of());
  }

  private static WebApplicationException error(Response.Status status, String message,
      List<Violation> violations) {
    return new WebApplicationException(Response.status(status)
        .type(MediaType.APPLICATION_JSON).entity(new ApiError(message, violations)).build());
  }
}
