package dev.backroom.cloud.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.sync.wire.SyncJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** The REST layer speaks the same JSON as the wire (ISO instants, nulls left out). */
@Singleton
public class JacksonSetup implements ObjectMapperCustomizer {
  @Override
  public void customize(ObjectMapper mapper) {
    SyncJson.configure(mapper);
  }
}
