package dev.backroom.hub.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backroom.config.validate.Violation;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The body of every error answer: {@code error}, a stable code for programs, {@code message}, a
 * sentence for people, and for invalid input every violation.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String error, String message, List<Violation> violations) {
  public static final String INVALID = "invalid_request";

  public static ApiError of(String error, String message) {
    return new ApiError(error, message, List.of());
  }

  public static WebApplicationException invalid(String what, List<Violation> violations) {
    return error(Response.Status.BAD_REQUEST, INVALID, "invalid " + what, violations);
  }

  public static WebApplicationException notFound(String message) {
    return error(Response.Status.NOT_FOUND, "not_found", message, List.of());
  }

  public static WebApplicationException unavailable(String message) {
    return error(Response.Status.SERVICE_UNAVAILABLE, "unavailable", message, List.of());
  }

  public static WebApplicationException conflict(String message) {
    return error(Response.Status.CONFLICT, "conflict", message, List.of());
  }

  /** An answer of {@code status} with this body. */
  public static Response response(int status, String error, String message) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(of(error, message))
        .build();
  }

  /** The code of an answer that has only a status (401, 405, 413, 415, ...). */
  public static String codeOf(int status) {
    return switch (status) {
      case 400 -> INVALID;
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 409 -> "conflict";
      case 413 -> "body_too_large";
      case 414 -> "uri_too_long";
      case 415 -> "unsupported_media_type";
      case 429 -> "too_many_requests";
      case 431 -> "headers_too_large";
      default -> status >= 500 ? "internal_error" : "http_" + status;
    };
  }

  /** The sentence of an answer that has only a status. */
  public static String messageOf(int status) {
    return switch (status) {
      case 400 -> "the request is malformed";
      case 401 -> "authentication required: send Authorization: Bearer <token> or sign in";
      case 403 -> "your role does not allow this";
      case 404 -> "no such resource";
      case 405 -> "this method is not allowed here";
      case 406 -> "this resource answers application/json only";
      case 413 -> "the request body is too large";
      case 414 -> "the request URI is too long";
      case 415 -> "send the body as application/json";
      case 431 -> "the request headers are too large";
      default -> "HTTP " + status;
    };
  }

  private static WebApplicationException error(Response.Status status, String error,
      String message, List<Violation> violations) {
    return new WebApplicationException(Response.status(status)
        .type(MediaType.APPLICATION_JSON).entity(new ApiError(error, message, violations)).build());
  }
}
