package dev.backroom.hub.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One thing that happened. {@code actor} is who did it ({@code hub} for the hub's own decisions),
 * {@code origin} where the request came from: {@code local} (on-site API), {@code system} (the
 * hub's own decision), {@code cloud} (applied from a cloud revision, actor {@code cloud}).
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
  public static final String CLOUD = "cloud";
}
