package dev.backroom.hub.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.ecs.wire.EcsError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CreateService's {@code clientToken}: the same token with the same request names the service it
 * created (a retried create answers, it does not fail on the name it just took); the same token
 * with another request is refused. Kept in memory, the newest {@link #MAX} tokens: a client
 * retries within seconds, and a restarted hub answers a late retry as ECS answers a create of an
 * existing name.
 */
final class CreateTokens {
  static final int MAX = 1000;
  /** ECS: up to 36 ASCII characters. */
  static final int MAX_CHARS = 36;

  private record Entry(JsonNode request, String serviceName) {}

  private final Map<String, Entry> tokens = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX;
    }
  };

  /** The token's checks: 1 to 36 printable ASCII characters. */
  static String check(String token) {
    if (token.isEmpty() || token.length() > MAX_CHARS || !token.chars().allMatch(c -> c > 32 && c < 127)) {
      throw EcsError.invalidParameter("clientToken must be 1 to " + MAX_CHARS
          + " printable ASCII characters.");
    }
    return token;
  }

  /**
   * The service an earlier create with this token made, when its request was {@code request};
   * empty for a token not seen.
   *
   * @throws EcsError InvalidParameterException when the token came with another request
   */
  synchronized Optional<String> seen(String token, JsonNode request) {
    Entry e = tokens.get(token);
    if (e == null) {
      return Optional.empty();
    }
    if (!e.request().equals(request)) {
      throw EcsError.invalidParameter("The clientToken " + token + " was used by an earlier"
          + " CreateService with other parameters (service " + e.serviceName() + "); use a new"
          + " token for a new request.");
    }
    return Optional.of(e.serviceName());
  }

  synchronized void remember(String token, JsonNode request, String serviceName) {
    tokens.put(token, new Entry(request, serviceName));
  }
}
