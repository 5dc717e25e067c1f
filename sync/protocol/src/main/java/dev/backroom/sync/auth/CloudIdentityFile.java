package dev.backroom.sync.auth;

import dev.backroom.config.files.OwnerOnly;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.WireFormatException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code cloud-identity.json}. Writing goes to a 0600 temp file that is then
 * renamed, so a crash never leaves a half-written or world-readable credential behind.
 */
public final class CloudIdentityFile {
  private CloudIdentityFile() {}

  public static Path path(Path dataDir) {
    return dataDir.resolve(CloudIdentity.FILE_NAME);
  }

  /**
   * Writes {@code identity} into {@code dataDir} with mode 0600; the directory (the hub's data
   * directory) is created, or narrowed, to 0700.
   */
  public static Path write(Path dataDir, CloudIdentity identity) throws IOException {
    List<String> problems = problems(identity);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("cloud identity is not valid: " + String.join("; ", problems));
    }
    OwnerOnly.directory(dataDir);
    Path target = path(dataDir);
    Path tmp = dataDir.resolve(CloudIdentity.FILE_NAME + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      throw new IOException("the file system of " + dataDir
          + " has no POSIX permissions, so the credential cannot be kept private", e);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("another process is writing " + tmp, e);
    }
    Files.write(tmp, SyncJson.write(identity));
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  /**
   * The identity in {@code dataDir}, or empty when the hub was never enrolled.
   *
   * @throws IOException when the file exists but cannot be read, is not valid, or is readable by
   *     others (the message says which)
   */
  public static Optional<CloudIdentity> read(Path dataDir) throws IOException {
    Path file = path(dataDir);
    byte[] body;
    try {
      body = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    CloudIdentity identity;
    try {
      identity = SyncJson.read(body, CloudIdentity.class);
    } catch (WireFormatException e) {
      throw new IOException(file + " is not a cloud identity: " + e.getMessage(), e);
    }
    List<String> problems = problems(identity);
    if (!problems.isEmpty()) {
      throw new IOException(file + " is not valid: " + String.join("; ", problems));
    }
    return Optional.of(identity);
  }

  /** Every problem with {@code identity}, by field; empty when it can be used. */
  public static List<String> problems(CloudIdentity identity) {
    List<String> out = new ArrayList<>();
    if (identity.cloudUrl() == null || identity.cloudUrl().isBlank()) {
      out.add("cloudUrl: is required");
    } else {
      try {
        URI u = URI.create(identity.cloudUrl());
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
          out.add("cloudUrl: must be an http or https URL with a host");
        }
      } catch (IllegalArgumentException e) {
        out.add("cloudUrl: is not a URL: " + e.getMessage());
      }
    }
    StoreIds.problem(identity.storeId()).ifPresent(p -> out.add("storeId: " + p));
    try {
      if (identity.credential() == null) {
        out.add("credential: is required");
      } else if (identity.storeId() != null) {
        identity.storeCredential();
      }
    } catch (CredentialFormatException e) {
      out.add("credential: " + e.getMessage());
    }
    return out;
  }
}
