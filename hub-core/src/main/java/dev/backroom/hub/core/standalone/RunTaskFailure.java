package dev.backroom.hub.core.standalone;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * ECS's {@code failures[]} entry of a RunTask answer: {@code arn} names the device that could
 * not take a task (null when there is no device at all), {@code reason} is ECS's code
 * (RESOURCE:MEMORY, RESOURCE:CPU, RESOURCE:GPU, RESOURCE:PORTS, ATTRIBUTE, AGENT) and
 * {@code detail} the scheduler's own words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunTaskFailure(String arn, String reason, String detail) {
  public static final String MEMORY = "RESOURCE:MEMORY";
  public static final String CPU = "RESOURCE:CPU";
  public static final String GPU = "RESOURCE:GPU";
  public static final String PORTS = "RESOURCE:PORTS";
  public static final String ATTRIBUTE = "ATTRIBUTE";
  public static final String AGENT = "AGENT";
}
