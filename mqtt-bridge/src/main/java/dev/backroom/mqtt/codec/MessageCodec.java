package dev.backroom.mqtt.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.config.json.Json;
import dev.backroom.mqtt.message.WireMessage;
import java.io.IOException;

/**
 * Encodes and decodes envelopes. Decoding never throws: anything wrong with a payload becomes a
 * {@link Decoded.Rejected} with a reason code, so one bad device cannot crash a receiver.
 * Thread-safe.
 */
public final class MessageCodec {
  /** Big enough for an assignment of dozens of tasks, small enough to bound a bad sender. */
  public static final int DEFAULT_MAX_BYTES = 256 * 1024;

  public static final String TOO_LARGE = "too_large";
  public static final String NOT_JSON = "not_json";
  public static final String BAD_ENVELOPE = "bad_envelope";
  public static final String WRONG_VERSION = "wrong_version";
  public static final String WRONG_TYPE = "wrong_type";
  public static final String WRONG_DEVICE = "wrong_device";
  public static final String BAD_BODY = "bad_body";

  private final ObjectMapper mapper = Json.mapper();
  private final int maxBytes;

  public MessageCodec() {
    this(DEFAULT_MAX_BYTES);
  }

  public MessageCodec(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public int maxBytes() {
    return maxBytes;
  }

  public byte[] encode(String type, String deviceId, long ts, Object body) {
    Envelope e = new Envelope(Envelope.VERSION, type, deviceId, ts, mapper.valueToTree(body));
    try {
      byte[] bytes = mapper.writeValueAsBytes(e);
      if (bytes.length > maxBytes) {
        throw new IllegalArgumentException(
            type + " message of " + bytes.length + " bytes exceeds the limit of " + maxBytes);
      }
      return bytes;
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("cannot encode " + type, ex);
    }
  }

  /**
   * Decodes a payload that arrived on a topic of kind {@code expectedType} for device
   * {@code expectedDeviceId} (null to accept any device).
   */
  public <T> Decoded<T> decode(byte[] payload, String expectedType, String expectedDeviceId,
      Class<T> bodyType) {
    if (payload == null || payload.length == 0) {
      return new Decoded.Rejected<>(NOT_JSON, "empty payload");
    }
    if (payload.length > maxBytes) {
      return new Decoded.Rejected<>(TOO_LARGE, payload.length + " bytes > " + maxBytes);
    }
    JsonNode root;
    try {
      root = mapper.readTree(payload);
    } catch (IOException e) {
      return new Decoded.Rejected<>(NOT_JSON, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
    return decodeTree(root, expectedType, expectedDeviceId, bodyType);
  }

  /**
   * As {@link #decode} for a payload already parsed (and size-checked) by the caller, e.g. the
   * signed part of a signed envelope ({@code dev.backroom.mqtt.signing}). Never throws.
   */
  public <T> Decoded<T> decodeTree(JsonNode root, String expectedType, String expectedDeviceId,
      Class<T> bodyType) {
    if (root == null || !root.isObject()) {
      return new Decoded.Rejected<>(BAD_ENVELOPE, "envelope must be a JSON object");
    }
    JsonNode v = root.get("v");
    if (v == null || !v.isInt()) {
      return new Decoded.Rejected<>(BAD_ENVELOPE, "v is missing");
    }
    if (v.asInt() != Envelope.VERSION) {
      return new Decoded.Rejected<>(WRONG_VERSION, "version " + v.asInt());
    }
    String type = text(root, "type");
    String deviceId = text(root, "deviceId");
    JsonNode ts = root.get("ts");
    JsonNode body = root.get("body");
    if (type == null || deviceId == null || ts == null || !ts.canConvertToLong()
        || body == null || !body.isObject()) {
      return new Decoded.Rejected<>(BAD_ENVELOPE, "type, deviceId, ts and body are required");
    }
    if (!type.equals(expectedType)) {
      return new Decoded.Rejected<>(WRONG_TYPE, type + " on a " + expectedType + " topic");
    }
    if (expectedDeviceId != null && !deviceId.equals(expectedDeviceId)) {
      return new Decoded.Rejected<>(WRONG_DEVICE, deviceId + " on " + expectedDeviceId + "'s topic");
    }
    T value;
    try {
      value = mapper.treeToValue(body, bodyType);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return new Decoded.Rejected<>(BAD_BODY, e.getMessage().lines().findFirst().orElse(""));
    }
    if (value instanceof WireMessage w) {
      if (!deviceId.equals(w.deviceId())) {
        return new Decoded.Rejected<>(WRONG_DEVICE, "body names device " + w.deviceId());
      }
      String problem = w.problem();
      if (problem != null) {
        return new Decoded.Rejected<>(BAD_BODY, problem);
      }
    }
    return new Decoded.Ok<>(new Envelope(v.asInt(), type, deviceId, ts.asLong(), body), value);
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    return n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
  }
}
