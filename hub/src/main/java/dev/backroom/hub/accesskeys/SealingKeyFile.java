package dev.backroom.hub.accesskeys;

import dev.backroom.config.files.OwnerOnly;
import dev.backroom.ecs.keys.SecretSealer;
import dev.backroom.mqtt.signing.KeyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The AES key that seals access key secrets, {@code <dir>/sealing-key} (the hub uses
 * {@code <data-dir>/access-keys}, 0700; the file 0600, written as the signing key is, through
 * {@link KeyFiles}): 32 random bytes, base64, made at first start and never replaced by the
 * hub. It lives beside the database, not in it, so that a copy of the database alone opens no
 * secret; back both up together.
 */
public final class SealingKeyFile {
  public static final String FILE = "sealing-key";

  /** The key, and whether this call made it (then every key sealed before is unreadable). */
  public record Opened(byte[] key, boolean created) {}

  private SealingKeyFile() {}

  /**
   * Reads the key, or makes it when the file is missing.
   *
   * @throws IOException when the directory cannot be written, or the file exists but does not
   *     hold a key: it is never silently replaced, which would make every issued key unreadable
   */
  public static Opened openOrCreate(Path dir, SecureRandom random) throws IOException {
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      OwnerOnly.directory(dir);
      OwnerOnly.file(file);
      byte[] key;
      try {
        key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
      } catch (IllegalArgumentException e) {
        key = new byte[0];
      }
      if (key.length != SecretSealer.KEY_BYTES) {
        throw new IOException(file + " does not hold a 32-byte base64 key; restore it from a"
            + " backup, or move it away to make a new one (every access key issued so far then"
            + " becomes UNREADABLE and has to be deleted and issued again)");
      }
      return new Opened(key, false);
    }
    OwnerOnly.createDirectories(dir);
    byte[] key = new byte[SecretSealer.KEY_BYTES];
    random.nextBytes(key);
    KeyFiles.writePrivate(file,
        (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
    return new Opened(key, true);
  }
}
