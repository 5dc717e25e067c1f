package dev.backroom.hub.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.signing.EnvelopeSigner;
import dev.backroom.mqtt.signing.EnvelopeVerifier;
import dev.backroom.mqtt.signing.SigningKeys;
import dev.backroom.mqtt.signing.Verification;
import java.security.KeyPair;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hub signs with Bouncy Castle, agents verify with the JDK: for seeded keys and messages the
 * two give the same signature bytes, and the agent's verifier accepts the hub's envelopes.
 */
class BouncyCastleEd25519Test {
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void sameBytesAsTheJdk_andTheAgentsVerifierAcceptsThem(long seed) {
    KeyPair keys = SigningKeys.generate();
    Random r = new Random(seed);
    byte[] domain = new byte[r.nextInt(40)];
    byte[] message = new byte[r.nextInt(20_000)];
    r.nextBytes(domain);
    r.nextBytes(message);
    assertArrayEquals(EnvelopeSigner.jdk(keys).sign(domain, message),
        new BouncyCastleEd25519(keys).sign(domain, message));

    EnvelopeSigner hub = new EnvelopeSigner(keys, MessageCodec.DEFAULT_MAX_BYTES,
        new BouncyCastleEd25519(keys));
    String device = "d-" + seed;
    byte[] payload = hub.sign(Topics.ASSIGNMENT, device, 1_000 + seed, 7, 0,
        new Assignment(device, seed, List.of()));
    EnvelopeVerifier agent = new EnvelopeVerifier(keys.getPublic(), new MessageCodec());
    assertInstanceOf(Verification.Verified.class,
        agent.verify(payload, Topics.ASSIGNMENT, device, Assignment.class));
  }
}
