package dev.backroom.hub.enrollment;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * The body of a refused enrolment request, {@code {"error": "...", "message": "..."}}: a stable
 * code for programs (the agent's register command prints the message and exits 2) and a
 * sentence for people.
 */
public record EnrollmentError(String error, String message) {

  public static WebApplicationException of(int status, String error, String message) {
    return new WebApplicationException(Response.status(status).type(MediaType.APPLICATION_JSON)
        .entity(new EnrollmentError(error, message)).build());
  }

  /**
   * 503 with {@code Retry-After}: the hub could not complete the request now (its broker did not
   * take the account, or another registration holds the same activation or device id) and
   * nothing was changed, so the same request may be sent again.
   */
  public static WebApplicationException unavailable(String error, String message,
      Duration retryAfter) {
    return new WebApplicationException(Response.status(503).type(MediaType.APPLICATION_JSON)
        .header("Retry-After", Long.toString(seconds(retryAfter)))
        .entity(new EnrollmentError(error, message)).build());
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  public static WebApplicationException throttled(Duration retryAfter) {
    long s = seconds(retryAfter);
    return new WebApplicationException(Response.status(429).type(MediaType.APPLICATION_JSON)
        .header("Retry-After", Long.toString(s))
        .entity(new EnrollmentError("too_many_attempts",
            "too many failed registrations from this address; try again in " + s + " s"))
        .build());
  }
}
