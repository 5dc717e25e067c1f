package dev.backroom.mqtt.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.config.json.Json;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/**
 * Verifies {@link SignedEnvelope}s against one pinned public key, then decodes them with
 * {@link MessageCodec}'s rules (type and device checked against the topic). Never throws: every
 * refusal is a {@link Verification.Refused} with a stable reason, one of
 * {@link SignedEnvelope#UNSIGNED}, {@link SignedEnvelope#WRONG_KEY},
 * {@link SignedEnvelope#BAD_SIGNATURE} or a {@code MessageCodec} reason. Nothing is parsed
 * before the signature holds but the claimed key id, for the log. Thread-safe.
 */
public final class EnvelopeVerifier {
  private final ObjectMapper mapper = Json.mapper();
  private final PublicKey key;
  private final String kid;
  private final MessageCodec codec;

  public EnvelopeVerifier(PublicKey key, MessageCodec codec) {
    this.key = key;
    this.kid = SigningKeys.keyId(key);
    this.codec = codec;
  }

  public String kid() {
    return kid;
  }

  /**
   * @param expectedType the kind of the topic the payload came on
   * @param expectedDeviceId the device of that topic (never null: signed messages are per device)
   */
  public <T> Verification<T> verify(byte[] payload, String expectedType, String expectedDeviceId,
      Class<T> bodyType) {
    if (payload == null || payload.length == 0) {
      return new Verification.Refused<>(SignedEnvelope.UNSIGNED, "empty payload");
    }
    if (payload.length > codec.maxBytes()) {
      return new Verification.Refused<>(MessageCodec.TOO_LARGE,
          payload.length + " bytes > " + codec.maxBytes());
    }
    if (!SignedEnvelope.hasTrailer(payload)) {
      return new Verification.Refused<>(SignedEnvelope.UNSIGNED, "no signature");
    }
    int cut = payload.length - SignedEnvelope.TRAILER_LENGTH;
    byte[] signed = Arrays.copyOf(payload, cut + 1);
    signed[cut] = '}';
    byte[] sigChars = Arrays.copyOfRange(payload, cut + SignedEnvelope.TRAILER_START.length,
        payload.length - SignedEnvelope.TRAILER_END.length);
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(sigChars);
    } catch (IllegalArgumentException e) {
      return new Verification.Refused<>(SignedEnvelope.UNSIGNED, "signature is not base64");
    }
    if (!Arrays.equals(Base64.getEncoder().encode(sig), sigChars)) {
      // The decoder ignores the unused bits of the last character; one spelling per signature.
      return new Verification.Refused<>(SignedEnvelope.UNSIGNED, "signature is not canonical base64");
    }
    if (!valid(signed, sig)) {
      String claimed = claimedKid(signed);
      return claimed != null && !claimed.equals(kid)
          ? new Verification.Refused<>(SignedEnvelope.WRONG_KEY, "signed by " + claimed
              + ", pinned key is " + kid + " (re-register if the hub's key was replaced)")
          : new Verification.Refused<>(SignedEnvelope.BAD_SIGNATURE,
              "signature does not match the message");
    }
    JsonNode root;
    try {
      root = mapper.readTree(signed);
    } catch (IOException e) {
      return new Verification.Refused<>(MessageCodec.NOT_JSON, "signed bytes are not JSON");
    }
    Decoded<T> d = codec.decodeTree(root, expectedType, expectedDeviceId, bodyType);
    if (d instanceof Decoded.Rejected<T> r) {
      return new Verification.Refused<>(r.reason(), r.detail());
    }
    Decoded.Ok<T> ok = (Decoded.Ok<T>) d;
    JsonNode k = root.get(SignedEnvelope.KID);
    JsonNode epoch = root.get(SignedEnvelope.EPOCH);
    JsonNode seq = root.get(SignedEnvelope.SEQ);
    if (k == null || !kid.equals(k.asText()) || epoch == null || !epoch.canConvertToLong()
        || epoch.asLong() < 1 || seq == null || !seq.canConvertToLong() || seq.asLong() < 0) {
      // Only a hub bug gets here: the key did sign it.
      return new Verification.Refused<>(MessageCodec.BAD_ENVELOPE,
          "signed envelope lacks kid, epoch >= 1 or seq >= 0");
    }
    return new Verification.Verified<>(ok.envelope(), kid, epoch.asLong(), seq.asLong(),
        ok.body());
  }

  private boolean valid(byte[] signed, byte[] sig) {
    try {
      Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
      s.initVerify(key);
      s.update(SignedEnvelope.DOMAIN);
      s.update(signed);
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The key id an unverified message claims, or null; for the log and the reason only. */
  private static String claimedKid(byte[] signed) {
    String s = new String(signed, 0, Math.min(signed.length, 512), StandardCharsets.UTF_8);
    int at = s.indexOf("\"" + SignedEnvelope.KID + "\":\"");
    if (at < 0) {
      return null;
    }
    int from = at + SignedEnvelope.KID.length() + 4;
    int end = s.indexOf('"', from);
    String claimed = end < 0 ? "" : s.substring(from, end);
    return claimed.matches("[A-Za-z0-9:]{1,80}") ? claimed : null;
  }
}
