package dev.backroom.agent.enroll;

import dev.backroom.mqtt.signing.KeyFiles;
import dev.backroom.mqtt.signing.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Optional;

/**
 * The hub's signing key the device pinned at registration, {@code <data-dir>/hub-signing-key.pem}
 * (PEM, 0600, written atomically like the credential): the only key whose assignments and
 * commands the agent accepts. Not a secret, but replacing it is as good as taking the device
 * over, so it is kept as tightly as the credential.
 */
public final class HubSigningKeyFile {
  public static final String NAME = "hub-signing-key.pem";

  private HubSigningKeyFile() {}

  public static Path in(Path dataDir) {
    return dataDir.resolve(NAME);
  }

  /** Empty when {@code file} does not exist; a file that holds no Ed25519 key is an error. */
  public static Optional<PublicKey> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(SigningKeys.parsePublicPem(Files.readString(file,
          StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public static void write(Path dataDir, PublicKey key) throws IOException {
    KeyFiles.writePrivate(in(dataDir),
        SigningKeys.publicPem(key).getBytes(StandardCharsets.US_ASCII));
  }
}
