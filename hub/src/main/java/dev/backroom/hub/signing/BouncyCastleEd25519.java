package dev.backroom.hub.signing;

import dev.backroom.mqtt.signing.EnvelopeSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * Ed25519 signing with Bouncy Castle's low-level signer (the hub already ships it for its store
 * CA). Why not the JDK's: the hub runs with the C1 compiler only, where the JDK's generic field
 * arithmetic took about 0.9 ms a signature against 0.1 ms here (measured on this project's
 * 2-core machines); a placement or reschedule signs one assignment per device, so at a thousand
 * devices the JDK's signing was half of the core thread's time. Signatures are byte-for-byte the
 * JDK's (Ed25519 is deterministic), and agents verify with the JDK.
 */
final class BouncyCastleEd25519 implements EnvelopeSigner.Primitive {
  private final Ed25519PrivateKeyParameters key;

  BouncyCastleEd25519(KeyPair keys) {
    try {
      AsymmetricKeyParameter p = PrivateKeyFactory.createKey(keys.getPrivate().getEncoded());
      if (!(p instanceof Ed25519PrivateKeyParameters ed)) {
        throw new IllegalArgumentException("not an Ed25519 private key: " + p.getClass());
      }
      this.key = ed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the hub's signing key", e);
    }
  }

  @Override
  public byte[] sign(byte[] domain, byte[] message) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(domain, 0, domain.length);
    s.update(message, 0, message.length);
    return s.generateSignature();
  }
}
