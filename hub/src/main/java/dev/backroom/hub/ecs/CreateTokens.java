package dev.backroom.hub.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsJson;
import dev.backroom.hub.store.Retention;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * CreateService's {@code clientToken}: the same token with the same request names the service it
 * created (a retried create answers, it does not fail on the name it just took); the same token
 * with another request is refused. Kept in H2 ({@code ecs_create_tokens}), nothing in memory, so
 * a hub that restarted between a pipeline's call and its retry answers the retry the same way.
 * {@link #RETENTION}: 24 hours, as ECS keeps RunTask's tokens (it states no time for
 * CreateService's), and at most the newest 1,000, purged when a token is written.
 */
@ApplicationScoped
class CreateTokens {
  static final Retention RETENTION = new Retention(Duration.ofHours(24), 1000);
  /** ECS: up to 36 ASCII characters. */
  static final int MAX_CHARS = 36;

  @Inject Jdbc jdbc;

  /** The token's checks: 1 to 36 printable ASCII characters. */
  static String check(String token) {
    if (token.isEmpty() || token.length() > MAX_CHARS || !token.chars().allMatch(c -> c > 32 && c < 127)) {
      throw EcsError.invalidParameter("clientToken must be 1 to " + MAX_CHARS
          + " printable ASCII characters.");
    }
    return token;
  }

  private record Entry(JsonNode request, String serviceName) {}

  /**
   * The service an earlier create with this token made, when its request was {@code request};
   * empty for a token not seen within {@link #RETENTION}.
   *
   * @throws EcsError InvalidParameterException when the token came with another request
   */
  Optional<String> seen(String token, JsonNode request, Instant now) {
    Optional<Entry> e = jdbc.queryOne("select request, service_name from ecs_create_tokens"
        + " where client_token = ? and created_at >= ?", rs -> new Entry(
            read(rs.getString(1)), rs.getString(2)), token, RETENTION.cut(now));
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (!e.get().request().equals(request)) {
      throw EcsError.invalidParameter("The clientToken " + token + " was used by an earlier"
          + " CreateService with other parameters (service " + e.get().serviceName() + "); use a"
          + " new token for a new request.");
    }
    return Optional.of(e.get().serviceName());
  }

  /** Remembers the token (replacing an expired one of the same text) and purges the bounds. */
  void remember(String token, JsonNode request, String serviceName, Instant now) {
    jdbc.inTransaction(() -> {
      jdbc.update("delete from ecs_create_tokens where client_token = ?", token);
      jdbc.update("insert into ecs_create_tokens (client_token, request, service_name, created_at)"
          + " values (?, ?, ?, ?)", token, request.toString(), serviceName, now);
      for (String old : RETENTION.purged(jdbc.query("select client_token, created_at from"
          + " ecs_create_tokens", rs -> new Retention.Stamped(rs.getString(1),
          Jdbc.instant(rs, "created_at"))), now)) {
        jdbc.update("delete from ecs_create_tokens where client_token = ?", old);
      }
      return null;
    });
  }

  /** A request as stored, read as the endpoint reads requests, so equal requests compare equal. */
  private static JsonNode read(String json) {
    try {
      return EcsJson.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ecs_create_tokens holds a request that is not JSON", e);
    }
  }
}
