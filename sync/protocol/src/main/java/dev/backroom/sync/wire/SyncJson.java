package dev.backroom.sync.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.backroom.config.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON setup of the sync wire: Backroom's shared settings (unknown fields ignored, nulls
 * left out) plus ISO-8601 instants. Both ends use it so a batch resent after a crash is the same
 * bytes.
 */
public final class SyncJson {
  private static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

  private SyncJson() {}

  /** Shared, thread-safe mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Applies the wire settings to {@code m} (for a framework's own mapper) and returns it. */
  public static ObjectMapper configure(ObjectMapper m) {
    return Json.configure(m).registerModule(new JavaTimeModule()).registerModule(IsoInstants.module());
  }

  /** Serialises {@code value}; a record of this package never fails, so failure is unchecked. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a body of type {@code type}.
   *
   * @throws WireFormatException with the JSON path and a plain reason when the body is not JSON or
   *     does not fit the type; never any other exception for bad input
   */
  public static <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw new WireFormatException("$", "the body is empty, expected a JSON object");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw new WireFormatException("$", "the body is null, expected a JSON object");
      }
      return value;
    } catch (JsonMappingException e) {
      throw new WireFormatException(path(e), firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new WireFormatException("$", "not valid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does no I/O
    }
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "$" : sb.toString();
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "unreadable";
    }
    int cut = m.indexOf(" at [Source");
    String s = cut > 0 ? m.substring(0, cut) : m;
    return s.lines().findFirst().orElse(s);
  }
}
