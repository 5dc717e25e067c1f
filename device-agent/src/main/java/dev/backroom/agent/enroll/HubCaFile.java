package dev.backroom.agent.enroll;

import dev.backroom.config.files.OwnerOnly;
import dev.backroom.mqtt.tls.PinnedCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The store CA the device pinned at registration, {@code <data-dir>/hub-ca.pem}: the only CA the
 * agent trusts for the broker (never the JVM's trust store). Not a secret, but mode 0600 like
 * everything in the 0700 data directory; written atomically.
 */
public final class HubCaFile {
  public static final String NAME = "hub-ca.pem";

  private HubCaFile() {}

  public static Path in(Path dataDir) {
    return dataDir.resolve(NAME);
  }

  /** Empty when there is none; a file that holds no certificate is an error. */
  public static Optional<PinnedCa> read(Path dataDir) throws IOException {
    Path f = in(dataDir);
    OwnerOnly.file(f);
    return Files.exists(f) ? Optional.of(PinnedCa.fromFile(f)) : Optional.empty();
  }

  public static void write(Path dataDir, PinnedCa ca) throws IOException {
    OwnerOnly.directory(dataDir);
    Path tmp = Files.createTempFile(dataDir, NAME, ".tmp",
        PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
    try {
      Files.writeString(tmp, ca.pem(), StandardCharsets.US_ASCII);
      Files.move(tmp, in(dataDir), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
