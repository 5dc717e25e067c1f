package dev.backroom.sync.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.IsoInstants;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import dev.backroom.sync.wire.WireFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a telemetry batch body with Jackson's streaming parser instead of databind: the cloud
 * reads thousands of messages per batch, and bean deserialisation was its largest cost. Accepts
 * what {@code SyncJson.read(json, TelemetryBatch.class)} accepts for a well-formed batch (fields
 * in any order, unknown fields ignored, nulls as absent) and refuses anything else with a
 * {@link WireFormatException} naming the JSON path. Content rules stay in {@link BatchValidator}.
 */
public final class TelemetryBatchReader {
  private final JsonParser p;

  private TelemetryBatchReader(JsonParser p) {
    this.p = p;
  }

  /**
   * The batch in {@code json}.
   *
   * @throws WireFormatException when it is not JSON or does not have the batch's shape
   */
  public static TelemetryBatch read(byte[] json) {
    if (json == null || json.length == 0) {
      throw new WireFormatException("$", "the body is empty, expected a JSON object");
    }
    try (JsonParser p = SyncJson.mapper().getFactory().createParser(json)) {
      TelemetryBatch b = new TelemetryBatchReader(p).batch();
      if (p.nextToken() != null) {
        throw new WireFormatException("$", "not valid JSON: trailing content after the batch");
      }
      return b;
    } catch (JsonProcessingException e) {
      throw new WireFormatException("$", "not valid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does no I/O
    }
  }

  private TelemetryBatch batch() throws IOException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.VALUE_NULL) {
      throw new WireFormatException("$", "the body is null, expected a JSON object");
    }
    expect(t, JsonToken.START_OBJECT, "$", "a JSON object");
    long sequence = 0;
    List<TelemetryMessage> messages = new ArrayList<>();
    List<DropCount> dropped = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "sequence" -> sequence = number(v, new Where(null, -1, "sequence"));
        case "messages" -> array(v, "messages", i -> messages.add(message(i)));
        case "dropped" -> array(v, "dropped", i -> dropped.add(drop(i)));
        default -> p.skipChildren();
      }
    }
    return new TelemetryBatch(sequence, messages, dropped);
  }

  private interface Item {
    void read(int index) throws IOException;
  }

  private void array(JsonToken t, String path, Item item) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    expect(t, JsonToken.START_ARRAY, path, "an array");
    int i = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      item.read(i++);
    }
  }

  private TelemetryMessage message(int i) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null; // the validator names it
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      expect(p.currentToken(), JsonToken.START_OBJECT, "messages[" + i + "]", "an object");
    }
    String stream = null;
    long seq = 0;
    Instant ts = null;
    String payload = null;
    String base64 = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "stream" -> stream = text(v, new Where("messages", i, "stream"));
        case "seq" -> seq = number(v, new Where("messages", i, "seq"));
        case "ts" -> ts = instant(v, new Where("messages", i, "ts"));
        case "payload" -> payload = text(v, new Where("messages", i, "payload"));
        case "payloadBase64" -> base64 = text(v, new Where("messages", i, "payloadBase64"));
        default -> p.skipChildren();
      }
    }
    return new TelemetryMessage(stream, seq, ts, payload, base64);
  }

  private DropCount drop(int i) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      expect(p.currentToken(), JsonToken.START_OBJECT, "dropped[" + i + "]", "an object");
    }
    String stream = null;
    String reason = null;
    long count = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "stream" -> stream = text(v, new Where("dropped", i, "stream"));
        case "reason" -> reason = text(v, new Where("dropped", i, "reason"));
        case "count" -> count = number(v, new Where("dropped", i, "count"));
        default -> p.skipChildren();
      }
    }
    return new DropCount(stream, reason, count);
  }

  /**
   * A field's JSON path, spelled out only for an error: a batch has thousands of messages, and
   * building each field's path up front was a string per field read.
   */
  private record Where(String array, int index, String field) {
    String path() {
      return array == null ? field : array + "[" + index + "]." + field;
    }
  }

  private String text(JsonToken t, Where where) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      expect(t, JsonToken.VALUE_STRING, where.path(), "a string");
    }
    return p.getText();
  }

  private long number(JsonToken t, Where where) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new WireFormatException(where.path(), "must be an integer that fits 64 bits, got "
          + describe(t));
    }
    return p.getLongValue();
  }

  private Instant instant(JsonToken t, Where where) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      expect(t, JsonToken.VALUE_STRING, where.path(), "an ISO-8601 instant");
    }
    try {
      return IsoInstants.parse(p.getText());
    } catch (DateTimeException e) {
      throw new WireFormatException(where.path(), "not an ISO-8601 instant: " + p.getText());
    }
  }

  private void expect(JsonToken got, JsonToken want, String path, String what) {
    if (got != want) {
      throw new WireFormatException(path, "must be " + what + ", got " + describe(got));
    }
  }

  private static String describe(JsonToken t) {
    return t == null ? "the end of the body" : switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString();
    };
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
