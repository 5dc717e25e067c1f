package dev.backroom.hub.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One thing that happened. {@code actor} is who did it ({@code hub} for the hub's own decisions),
 * {@code origin} where the request came from: {@code local} (on-site API), {@code system}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(
    long eventId,
    Instant at,
    String kind,
    String actor,
    String origin,
    String serviceName,
    String taskId,
    String deviceId,
    String deploymentId,
    String reason,
    String message) {

  public static final String SYSTEM = "system";
  public static final String LOCAL = "local";
  public static final String HUB = "hub";
}
