package dev.backroom.mqtt.signing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.config.json.Json;
import dev.backroom.mqtt.codec.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encodes and signs envelopes in the {@link SignedEnvelope} format. Thread-safe when its
 * {@link Primitive} is (the JDK one makes a {@link Signature} per call).
 */
public final class EnvelopeSigner {
  /**
   * The Ed25519 signature over the domain prefix and then the message. Ed25519 is deterministic,
   * so every correct implementation gives the same bytes: the hub may plug in a faster one than
   * the JDK's (whose field arithmetic, under the hub's C1-only JIT, took about 1 ms a signature).
   */
  @FunctionalInterface
  public interface Primitive {
    byte[] sign(byte[] domain, byte[] message);
  }

  private final ObjectMapper mapper = Json.mapper();
  private final Primitive primitive;
  private final String kid;
  private final int maxBytes;

  /** Signs with the JDK's Ed25519. @param maxBytes the payload limit receivers enforce, signature included */
  public EnvelopeSigner(KeyPair keys, int maxBytes) {
    this(keys, maxBytes, jdk(keys));
  }

  /** @param primitive Ed25519 with {@code keys}' private key (checked by callers' tests) */
  public EnvelopeSigner(KeyPair keys, int maxBytes, Primitive primitive) {
    this.primitive = primitive;
    this.kid = SigningKeys.keyId(keys.getPublic());
    this.maxBytes = maxBytes;
  }

  public String kid() {
    return kid;
  }

  /**
   * @throws IllegalArgumentException when the signed message would exceed the payload limit
   *     (receivers would drop it), or {@code body} cannot be encoded
   */
  public byte[] sign(String type, String deviceId, long ts, long epoch, long seq, Object body) {
    // Written straight to bytes: building a tree of the body first was a fifth of the hub's
    // signing time while it published a thousand devices' assignments.
    ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = mapper.getFactory().createGenerator(buf)) {
      g.writeStartObject();
      g.writeNumberField("v", Envelope.VERSION);
      g.writeStringField("type", type);
      g.writeStringField("deviceId", deviceId);
      g.writeNumberField("ts", ts);
      g.writeStringField(SignedEnvelope.KID, kid);
      g.writeNumberField(SignedEnvelope.EPOCH, epoch);
      g.writeNumberField(SignedEnvelope.SEQ, seq);
      g.writeFieldName("body");
      mapper.writeValue(g, body);
      g.writeEndObject();
    } catch (IOException ex) {
      throw new IllegalArgumentException("cannot encode " + type, ex);
    }
    byte[] signed = buf.toByteArray();
    int total = signed.length + SignedEnvelope.OVERHEAD;
    if (total > maxBytes) {
      throw new IllegalArgumentException(type + " message of " + total
          + " bytes (signature included) exceeds the limit of " + maxBytes);
    }
    byte[] sig = Base64.getEncoder().encode(primitive.sign(SignedEnvelope.DOMAIN, signed));
    byte[] out = Arrays.copyOf(signed, total);
    int at = signed.length - 1; // over the closing brace
    System.arraycopy(SignedEnvelope.TRAILER_START, 0, out, at, SignedEnvelope.TRAILER_START.length);
    at += SignedEnvelope.TRAILER_START.length;
    System.arraycopy(sig, 0, out, at, sig.length);
    at += sig.length;
    System.arraycopy(SignedEnvelope.TRAILER_END, 0, out, at, SignedEnvelope.TRAILER_END.length);
    return out;
  }

  /** The JDK's Ed25519, a {@link Signature} per call. */
  public static Primitive jdk(KeyPair keys) {
    return (domain, message) -> {
      try {
        Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
        s.initSign(keys.getPrivate());
        s.update(domain);
        s.update(message);
        return s.sign();
      } catch (GeneralSecurityException ex) {
        throw new IllegalStateException("Ed25519 signing failed", ex);
      }
    };
  }

  @Override
  public String toString() {
    return "EnvelopeSigner[" + kid + "]";
  }
}
