package dev.backroom.ecs.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals access key secrets for the database with AES-256-GCM. SigV4 needs the secret itself to
 * recompute a signature, so it cannot be hashed like a token; sealed, a copy of the database
 * (a backup, a support bundle) is useless without the key file beside it. The access key id is
 * the associated data: a sealed secret moved to another key's row does not open, so someone who
 * can write the table but not read the key file cannot give a key they know the id of a secret
 * they know.
 *
 * <p>Layout: version byte {@code 1}, 12-byte random nonce, ciphertext with its 16-byte tag.
 * Thread-safe: a {@link Cipher} per call.
 */
public final class SecretSealer {
  public static final int KEY_BYTES = 32;
  static final byte VERSION = 1;
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;

  private final SecretKeySpec key;
  private final SecureRandom random;

  /** @throws IllegalArgumentException unless {@code key} is 32 bytes */
  public SecretSealer(byte[] key, SecureRandom random) {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException("an AES-256 key is 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    this.random = random;
  }

  public byte[] seal(String accessKeyId, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce)
          .put(sealed).array();
    } catch (GeneralSecurityException e) {
      // AES-GCM is in every JDK; failing here is a broken runtime, not bad input
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  /**
   * The secret, or empty when {@code sealed} was not sealed by this key for this id (another
   * key file, another row's id, altered or truncated bytes, an unknown version).
   */
  public Optional<String> open(String accessKeyId, byte[] sealed) {
    if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8
        || sealed[0] != VERSION) {
      return Optional.empty();
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      c.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
      byte[] plain = c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
      return Optional.of(new String(plain, StandardCharsets.UTF_8));
    } catch (javax.crypto.AEADBadTagException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }
}
