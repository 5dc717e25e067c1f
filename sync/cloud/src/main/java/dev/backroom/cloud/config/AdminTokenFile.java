package dev.backroom.cloud.config;

import dev.backroom.config.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * The generated admin token file. It is reused across restarts so operators' scripts keep
 * working, and created with mode 0600 before the token is written so it is never readable by
 * others, not even for an instant.
 */
public final class AdminTokenFile {
  private AdminTokenFile() {}

  /** The token in {@code file}, generating it first when the file does not exist. */
  public static String readOrCreate(Path file, RandomGenerator random) {
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      OwnerOnly.createDirectories(file.toAbsolutePath().getParent());
      byte[] secret = new byte[32];
      random.nextBytes(secret);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException raced) {
        return read(file); // another instance sharing the data dir won
      }
      Files.writeString(file, token + "\n", StandardCharsets.US_ASCII,
          StandardOpenOption.TRUNCATE_EXISTING);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
    }
  }

  private static String read(Path file) throws IOException {
    String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (token.isEmpty()) {
      throw new IllegalStateException("admin token file " + file + " is empty; delete it to"
          + " generate a new token or set backroom.cloud.admin-token");
    }
    return token;
  }
}
