package dev.backroom.mqtt.signing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The wire format of a signed envelope, shared by {@link EnvelopeSigner} and
 * {@link EnvelopeVerifier}.
 *
 * <p>The signer encodes the envelope once, compactly: {@code {"v":1,"type":..,"deviceId":..,
 * "ts":..,"kid":..,"epoch":..,"seq":..,"body":{..}}}, signs those exact bytes (after a
 * domain-separation prefix) with Ed25519, and sends them with their closing brace replaced by a
 * fixed-length trailer {@code ,"sig":"<88 base64 chars>"}}. The verifier cuts the trailer off,
 * puts the brace back, checks the signature over the bytes it got, and only then parses
 * <em>those same bytes</em>. Why this shape:
 * <ul>
 *   <li>No canonicalisation: nothing is re-serialised before verifying, so two JSON libraries
 *       that order keys or escape characters differently cannot disagree about what was signed,
 *       and nothing outside the signed bytes (the trailer is a fixed 98 bytes of base64) is ever
 *       read.
 *   <li>The payload stays one JSON object with the usual envelope fields, so every reader that
 *       does not verify (tests, the bench's simulated devices, {@code mosquitto_sub | jq}) still
 *       decodes it with {@code MessageCodec}, and it costs 98 bytes, not the third that a
 *       base64-wrapped body would add against the 256 KiB payload limit.
 *   <li>The signature binds the type, the device id, the time, the key id, the hub epoch and
 *       sequence and the exact body (an assignment's generation is in its body); the verifier
 *       checks type and device against the topic the message came on.
 * </ul>
 */
public final class SignedEnvelope {
  /** Keeps a signature made for envelopes from being valid for anything else signed with the key. */
  static final byte[] DOMAIN = "backroom/v1 signed envelope\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TRAILER_START = ",\"sig\":\"".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TRAILER_END = "\"}".getBytes(StandardCharsets.US_ASCII);
  /** An Ed25519 signature (64 bytes) in padded base64. */
  static final int SIGNATURE_CHARS = 88;
  /** Bytes a signature adds to an envelope (the closing brace it replaces is counted back). */
  public static final int OVERHEAD = TRAILER_START.length + SIGNATURE_CHARS + TRAILER_END.length - 1;
  static final int TRAILER_LENGTH = OVERHEAD + 1;

  public static final String KID = "kid";
  public static final String EPOCH = "epoch";
  public static final String SEQ = "seq";

  /** Refused: no signature trailer (an unsigned or truncated message). */
  public static final String UNSIGNED = "unsigned";
  /** Refused: signed, but not by the pinned key (the detail names the key id it claims). */
  public static final String WRONG_KEY = "wrong_key";
  /** Refused: the signature does not match the bytes (tampered, or a forged trailer). */
  public static final String BAD_SIGNATURE = "bad_signature";

  private SignedEnvelope() {}

  /** Whether {@code payload} ends in a well-formed trailer (says nothing of its validity). */
  static boolean hasTrailer(byte[] payload) {
    int n = payload.length;
    if (n < TRAILER_LENGTH + 2) {
      return false;
    }
    int start = n - TRAILER_LENGTH;
    return Arrays.equals(payload, start, start + TRAILER_START.length, TRAILER_START, 0,
        TRAILER_START.length)
        && Arrays.equals(payload, n - TRAILER_END.length, n, TRAILER_END, 0, TRAILER_END.length);
  }
}
