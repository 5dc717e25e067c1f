package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * ECS {@code logConfiguration}. Backroom passes {@code json-file} and {@code local} with their
 * options to Docker; other drivers are refused by the validator with a reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogConfiguration(String logDriver, Map<String, String> options,
    List<Object> secretOptions) {
  public static final List<String> DRIVERS = List.of("json-file", "local");
}
