package dev.backroom.hub.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import dev.backroom.config.validate.Violation;
import dev.backroom.hub.web.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * What a request carries for the converter. Multipart parts: {@code compose} (the file),
 * {@code environment} (a JSON object of the caller's variables, string values),
 * and every other part an env file named as the Compose file names it ({@code ./web.env}) or the
 * project's {@code .env}.
 */
record ComposeParts(String yaml, Map<String, String> environment, Map<String, String> files) {
  static final String COMPOSE = "compose";
  static final String ENVIRONMENT = "environment";

  static ComposeParts yamlOnly(String body) {
    return new ComposeParts(body == null ? "" : body, Map.of(), Map.of());
  }

  static ComposeParts read(MultipartFormDataInput form) {
    List<Violation> v = new ArrayList<>();
    String yaml = null;
    Map<String, String> env = Map.of();
    Map<String, String> files = new HashMap<>();
    for (Map.Entry<String, Collection<FormValue>> e : form.getValues().entrySet()) {
      String name = e.getKey();
      if (e.getValue().size() != 1) {
        v.add(new Violation("(part " + name + ")", "sent " + e.getValue().size()
            + " times; send each part once"));
        continue;
      }
      String text = text(e.getValue().iterator().next(), name, v);
      if (text == null) {
        continue;
      }
      switch (name) {
        case COMPOSE -> yaml = text;
        case ENVIRONMENT -> env = environment(text, v);
        default -> files.put(name, text);
      }
    }
    if (yaml == null) {
      v.add(new Violation("(part compose)", "missing: send the Compose file as part compose"));
    }
    if (!v.isEmpty()) {
      throw ApiError.invalid("compose request", v);
    }
    return new ComposeParts(yaml, env, files);
  }

  private static String text(FormValue value, String name, List<Violation> v) {
    if (!value.isFileItem()) {
      return value.getValue();
    }
    try (InputStream in = value.getFileItem().getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      v.add(new Violation("(part " + name + ")", "could not be read: " + e.getMessage()));
      return null;
    }
  }

  private static Map<String, String> environment(String json, List<Violation> v) {
    JsonNode n = parse(json, ENVIRONMENT, v);
    if (n == null) {
      return Map.of();
    }
    if (!n.isObject()) {
      v.add(new Violation("(part environment)", "must be a JSON object of strings"));
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    n.fields().forEachRemaining(f -> {
      if (f.getValue().isTextual()) {
        out.put(f.getKey(), f.getValue().asText());
      } else {
        v.add(new Violation("(part environment)." + f.getKey(), "must be a string"));
      }
    });
    return out;
  }

  private static JsonNode parse(String json, String part, List<Violation> v) {
    try {
      return Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      v.add(new Violation("(part " + part + ")", "is not JSON: " + e.getOriginalMessage()));
      return null;
    }
  }
}
