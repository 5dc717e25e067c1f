package dev.backroom.mqtt.codec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What travels on every Backroom topic: {@code {"v":1,"type":"status","deviceId":"..",
 * "ts":<epoch ms>,"body":{..}}}. {@code type} equals the topic's last level.
 */
public record Envelope(int v, String type, String deviceId, long ts, JsonNode body) {
  public static final int VERSION = 1;
}
