package dev.backroom.config.model;

import java.util.List;

/**
 * ECS {@code dependsOn} entry: this container starts only once {@code containerName} reached
 * {@code condition}. START: it was started; COMPLETE: it exited; SUCCESS: it exited 0; HEALTHY:
 * its health check passed (evaluated at startup only, as in ECS).
 */
public record ContainerDependency(String containerName, String condition) {
  public static final String START = "START";
  public static final String COMPLETE = "COMPLETE";
  public static final String SUCCESS = "SUCCESS";
  public static final String HEALTHY = "HEALTHY";
  public static final List<String> CONDITIONS = List.of(START, COMPLETE, SUCCESS, HEALTHY);
}
