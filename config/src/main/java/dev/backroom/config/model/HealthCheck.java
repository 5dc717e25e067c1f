package dev.backroom.config.model;

import java.util.List;

/**
 * ECS container health check. Times are seconds; absent values take ECS's defaults
 * (interval 30, timeout 5, retries 3, startPeriod 0).
 */
public record HealthCheck(
    List<String> command, Integer interval, Integer timeout, Integer retries, Integer startPeriod) {

  public int intervalOrDefault() {
    return interval == null ? 30 : interval;
  }

  public int timeoutOrDefault() {
    return timeout == null ? 5 : timeout;
  }

  public int retriesOrDefault() {
    return retries == null ? 3 : retries;
  }

  public int startPeriodOrDefault() {
    return startPeriod == null ? 0 : startPeriod;
  }
}
