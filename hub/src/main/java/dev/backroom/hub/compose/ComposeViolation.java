package dev.backroom.hub.compose;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.backroom.compose.Refusal;
import java.util.List;

/**
 * One refusal in an answer: the Compose service (null for the file's top level), the key path
 * and the reason. The answer's body is the hub's error body ({@code error}, {@code message})
 * with these as {@code violations}, so a client that reads {@code ApiError} reads it too.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ComposeViolation(String service, String path, String reason) {
  static ComposeViolation of(Refusal r) {
    return new ComposeViolation(r.service(), r.path(), r.reason());
  }

  /** The error body with every violation. */
  public record Body(String error, String message, List<ComposeViolation> violations) {}
}
