package dev.backroom.mqtt.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.Messages;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.Decoded;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.DeviceCommand;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeVerifierTest {
  private static final long TS = 1_700_000_000_000L;
  private static final String B = "dev-b";
  private static final String C = "dev-c";
  private static final KeyPair HUB = SigningKeys.generate();
  private static final KeyPair OTHER = SigningKeys.generate();
  private static final MessageCodec CODEC = new MessageCodec();
  private static final EnvelopeSigner SIGNER = new EnvelopeSigner(HUB, MessageCodec.DEFAULT_MAX_BYTES);
  private static final EnvelopeVerifier VERIFIER = new EnvelopeVerifier(HUB.getPublic(), CODEC);

  static byte[] assignment(EnvelopeSigner s, String device, long generation) {
    Assignment a = Messages.assignment(device);
    return s.sign(Topics.ASSIGNMENT, device, TS, 7, 0,
        new Assignment(device, generation, a.tasks()));
  }

  static byte[] command(String device) {
    return SIGNER.sign(Topics.COMMANDS, device, TS, 7, 12,
        DeviceCommand.of(device, DeviceCommand.RESTART, null, "t-1"));
  }

  // ---- what verifies -------------------------------------------------------------------------

  @Test
  void signedAssignment_verifiesWithItsHeader_andStillDecodesAsAPlainEnvelope() {
    byte[] payload = assignment(SIGNER, C, 42);

    Verification<Assignment> v = VERIFIER.verify(payload, Topics.ASSIGNMENT, C, Assignment.class);

    Verification.Verified<Assignment> ok = assertInstanceOf(Verification.Verified.class, v,
        v::toString);
    assertEquals(42, ok.body().generation());
    assertEquals(C, ok.envelope().deviceId());
    assertEquals(TS, ok.envelope().ts());
    assertEquals(List.of(7L, 0L, SIGNER.kid()), List.of(ok.epoch(), ok.seq(), ok.kid()));
    // Readers that do not verify (tests, the bench) still read it as one JSON envelope.
    Decoded<Assignment> plain = CODEC.decode(payload, Topics.ASSIGNMENT, C, Assignment.class);
    assertEquals(ok.body(), assertInstanceOf(Decoded.Ok.class, plain).body());
  }

  @Test
  void signedCommand_verifiesWithItsSequence() {
    Verification<DeviceCommand> v = VERIFIER.verify(command(C), Topics.COMMANDS, C,
        DeviceCommand.class);

    Verification.Verified<DeviceCommand> ok = assertInstanceOf(Verification.Verified.class, v);
    assertEquals(12, ok.seq());
    assertEquals(DeviceCommand.RESTART, ok.body().action());
  }

  @Test
  void keysRoundTripThroughPem_andTheKeyIdIsTheSha256OfThePublicKey() {
    var pub = SigningKeys.parsePublicPem(SigningKeys.publicPem(HUB.getPublic()));
    var priv = SigningKeys.parsePrivatePem(SigningKeys.privatePem(HUB.getPrivate()));

    assertArrayEquals(HUB.getPublic().getEncoded(), pub.getEncoded());
    assertArrayEquals(HUB.getPrivate().getEncoded(), priv.getEncoded());
    assertTrue(SigningKeys.keyId(pub).matches("sha256:[0-9a-f]{64}"), SigningKeys.keyId(pub));
    assertThrows(IllegalArgumentException.class, () -> SigningKeys.parsePublicPem("junk"));
  }

  // ---- what is refused, and why --------------------------------------------------------------

  record Case(String name, Supplier<byte[]> payload, String topicKind, String topicDevice,
      Class<?> bodyType, String reason) {
    @Override
    public String toString() {
      return name;
    }
  }

  static byte[] replace(byte[] payload, String from, String to) {
    String s = new String(payload, StandardCharsets.UTF_8);
    assertTrue(s.contains(from), from);
    return s.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Case> refusals() {
    Class<?> a = Assignment.class;
    String asg = Topics.ASSIGNMENT;
    return Stream.of(
        new Case("unsigned envelope (what the Will attack sent)",
            () -> CODEC.encode(asg, C, TS, new Assignment(C, 999_999, List.of())), asg, C, a,
            SignedEnvelope.UNSIGNED),
        new Case("empty payload", () -> new byte[0], asg, C, a, SignedEnvelope.UNSIGNED),
        new Case("not JSON", () -> "hello".getBytes(StandardCharsets.UTF_8), asg, C, a,
            SignedEnvelope.UNSIGNED),
        new Case("truncated by one byte", () -> {
          byte[] p = assignment(SIGNER, C, 1);
          return Arrays.copyOf(p, p.length - 1);
        }, asg, C, a, SignedEnvelope.UNSIGNED),
        new Case("signature that is not base64",
            () -> replace(assignment(SIGNER, C, 1), "\"sig\":\"", "\"sig\":\"!"), asg, C, a,
            SignedEnvelope.UNSIGNED),
        new Case("tampered generation", () -> replace(assignment(SIGNER, C, 42),
            "\"generation\":42", "\"generation\":99"), asg, C, a, SignedEnvelope.BAD_SIGNATURE),
        new Case("tampered body (image)", () -> replace(assignment(SIGNER, C, 1), "busybox",
            "evilbox"), asg, C, a, SignedEnvelope.BAD_SIGNATURE),
        new Case("tampered timestamp", () -> replace(assignment(SIGNER, C, 1),
            "\"ts\":" + TS, "\"ts\":" + (TS + 1)), asg, C, a, SignedEnvelope.BAD_SIGNATURE),
        new Case("tampered epoch", () -> replace(assignment(SIGNER, C, 1), "\"epoch\":7",
            "\"epoch\":8"), asg, C, a, SignedEnvelope.BAD_SIGNATURE),
        new Case("another message's signature spliced on", () -> {
          byte[] p = assignment(SIGNER, C, 1);
          byte[] q = assignment(SIGNER, C, 2);
          int t = SignedEnvelope.TRAILER_LENGTH;
          System.arraycopy(q, q.length - t, p, p.length - t, t);
          return p;
        }, asg, C, a, SignedEnvelope.BAD_SIGNATURE),
        new Case("signed by another key", () -> assignment(
            new EnvelopeSigner(OTHER, MessageCodec.DEFAULT_MAX_BYTES), C, 1), asg, C, a,
            SignedEnvelope.WRONG_KEY),
        new Case("device B's signed assignment replayed on device C's topic",
            () -> assignment(SIGNER, B, 1_000), asg, C, a, MessageCodec.WRONG_DEVICE),
        new Case("signed command replayed on the assignment topic", () -> command(C), asg, C, a,
            MessageCodec.WRONG_TYPE),
        new Case("signed assignment replayed on the commands topic",
            () -> assignment(SIGNER, C, 1), Topics.COMMANDS, C, DeviceCommand.class,
            MessageCodec.WRONG_TYPE),
        new Case("oversized payload", () -> {
          byte[] p = new byte[MessageCodec.DEFAULT_MAX_BYTES + 1];
          byte[] s = assignment(SIGNER, C, 1);
          System.arraycopy(s, 0, p, p.length - s.length, s.length);
          return p;
        }, asg, C, a, MessageCodec.TOO_LARGE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refused_withItsReason(Case c) {
    Verification<?> v = VERIFIER.verify(c.payload().get(), c.topicKind(), c.topicDevice(),
        c.bodyType());

    Verification.Refused<?> r = assertInstanceOf(Verification.Refused.class, v, v::toString);
    assertEquals(c.reason(), r.reason(), r.detail());
    assertFalse(r.detail().isBlank());
  }

  @Test
  void signerRefusesAMessageThatWouldExceedTheLimitWithItsSignature() {
    byte[] unsigned = CODEC.encode(Topics.ASSIGNMENT, C, TS, Messages.assignment(C));
    EnvelopeSigner small = new EnvelopeSigner(HUB, unsigned.length + 10);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> assignment(small, C, 3));
    assertTrue(e.getMessage().contains("signature included"), e.getMessage());
  }

  /** Verifies that no single changed byte anywhere in a signed message still verifies. */
  @ParameterizedTest
  @MethodSource("seeds")
  void anySingleByteChange_isNeverVerified(long seed) {
    Random r = new Random(seed);
    byte[] p = assignment(SIGNER, C, 5);
    int at = r.nextInt(p.length);
    byte b;
    do {
      b = (byte) (0x20 + r.nextInt(0x5f));
    } while (b == p[at]);
    p[at] = b;

    Verification<Assignment> v = VERIFIER.verify(p, Topics.ASSIGNMENT, C, Assignment.class);

    assertInstanceOf(Verification.Refused.class, v, () -> "byte " + at + ": " + v);
  }

  static Stream<Long> seeds() {
    return IntStream.range(0, 300).mapToObj(i -> 7919L * i + 13);
  }
}
