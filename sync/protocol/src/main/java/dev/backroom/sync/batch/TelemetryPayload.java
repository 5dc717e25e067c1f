package dev.backroom.sync.batch;

import dev.backroom.sync.wire.TelemetryMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Carries an MQTT payload in JSON: as text when it is valid UTF-8 (readable in the cloud), else
 * as base64. Decoding gives back the exact bytes either way.
 */
public final class TelemetryPayload {
  private TelemetryPayload() {}

  public static TelemetryMessage encode(String stream, long seq, Instant ts, byte[] payload) {
    Optional<String> text = strictUtf8(payload);
    return text.isPresent()
        ? new TelemetryMessage(stream, seq, ts, text.get(), null)
        : new TelemetryMessage(stream, seq, ts, null, Base64.getEncoder().encodeToString(payload));
  }

  /**
   * The original bytes.
   *
   * @throws IllegalArgumentException when neither or both payload fields are set, or the base64 is
   *     broken
   */
  public static byte[] decode(TelemetryMessage m) {
    if ((m.payload() == null) == (m.payloadBase64() == null)) {
      throw new IllegalArgumentException("exactly one of payload and payloadBase64 must be set");
    }
    if (m.payload() != null) {
      return m.payload().getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(m.payloadBase64());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("payloadBase64 is not base64: " + e.getMessage(), e);
    }
  }

  /** True when {@code payload} goes out as text: well-formed UTF-8, checked without decoding when ASCII. */
  public static boolean isText(byte[] payload) {
    for (byte b : payload) {
      if (b < 0) {
        return strictUtf8(payload).isPresent();
      }
    }
    return true;
  }

  /** The text when {@code bytes} is well-formed UTF-8 (no lone surrogates, no overlongs). */
  static Optional<String> strictUtf8(byte[] bytes) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
