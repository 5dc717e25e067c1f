package dev.backroom.hub.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.config.json.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Gives the REST layer the same JSON settings as the wire and the config module, and bounds
 * what a body may hold beyond the HTTP body limit ({@code quarkus.http.limits.max-body-size},
 * which also bounds every string): no API body nests deeper than a few levels, so 64 leaves room
 * and keeps the recursive readers far from the stack's end (Jackson's default is 1000); numbers
 * stay at Jackson's 1000 digits, which no field type holds anyway. A body beyond is a 400
 * ({@link ErrorMappers}).
 */
@Singleton
public class JacksonSetup implements ObjectMapperCustomizer {
  static final int MAX_NESTING = 64;

  @Override
  public void customize(ObjectMapper mapper) {
    Json.configure(mapper);
    mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(MAX_NESTING).build());
  }
}
