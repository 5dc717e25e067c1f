package dev.backroom.cloud.accesskeys;

import dev.backroom.config.files.OwnerOnly;
import dev.backroom.ecs.keys.SecretSealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The AES-256 key that seals the cloud's access key secrets: {@code backroom.cloud.sealing-key}
 * (32 bytes, base64) when set, which every instance of a cloud sharing one PostgreSQL must then
 * be given alike; else {@code <data-dir>/access-keys/sealing-key}, made at first start. The key
 * is never in the database, so a copy of the database alone opens no secret.
 *
 * <p>The file is made beside a temporary file and linked into place, which fails if the name
 * exists: two instances sharing a data directory that start together end up with the same key
 * (the loser reads the winner's), never with one replacing the other's.
 */
public final class SealingKey {
  public static final String FILE = "sealing-key";
  public static final String SETTING = "backroom.cloud.sealing-key";

  /** The key, where it came from, and whether this call made it. */
  public record Loaded(byte[] key, String source, boolean created) {}

  private SealingKey() {}

  /**
   * @throws IllegalStateException when the setting or the file holds no 32-byte base64 key (a
   *     file is never replaced: every key sealed with it would become unreadable)
   */
  public static Loaded load(Optional<String> configured, Path dir, SecureRandom random)
      throws IOException {
    if (configured.isPresent()) {
      return new Loaded(decode(configured.get(), SETTING), SETTING, false);
    }
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      return read(dir, file);
    }
    OwnerOnly.createDirectories(dir);
    byte[] key = new byte[SecretSealer.KEY_BYTES];
    random.nextBytes(key);
    Path tmp = Files.createTempFile(dir, FILE, ".tmp",
        PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
    try {
      Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n",
          StandardCharsets.US_ASCII);
      Files.createLink(file, tmp);
      return new Loaded(key, file.toString(), true);
    } catch (FileAlreadyExistsException raced) {
      return read(dir, file); // another instance sharing the directory made it first
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Loaded read(Path dir, Path file) throws IOException {
    OwnerOnly.directory(dir);
    OwnerOnly.file(file);
    return new Loaded(decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()),
        file.toString(), false);
  }

  private static byte[] decode(String text, String where) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      key = new byte[0];
    }
    if (key.length != SecretSealer.KEY_BYTES) {
      throw new IllegalStateException(where + " does not hold a 32-byte base64 key (make one"
          + " with: head -c 32 /dev/urandom | base64); a replaced key makes every access key"
          + " issued so far UNREADABLE");
    }
    return key;
  }
}
