package dev.backroom.hub.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.config.json.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Gives the REST layer the same JSON settings as the wire and the config module. */
@Singleton
public class JacksonSetup implements ObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    Json.configure(mapper);
  }
}
