package dev.backroom.hub.signing;

import dev.backroom.mqtt.signing.KeyFiles;
import dev.backroom.mqtt.signing.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The hub's signing key pair and this run's epoch, in {@code <dir>} (the hub uses
 * {@code <data-dir>/signing}, mode 0700):
 * <ul>
 *   <li>{@code hub-signing-key.pem}: the private key (PKCS#8, 0600), created at first start and
 *       never replaced by the hub: every enrolled device pinned its public half, so a new key
 *       means re-registering every device. An unreadable key stops the start instead.
 *   <li>{@code hub-signing-key.pub.pem}: the public key, the file to give an agent as
 *       {@code --hub-signing-key} when it is not registered through the hub.
 *   <li>{@code epoch}: the last epoch used. Each start takes max(now in ms, last + 1), so
 *       epochs grow across restarts even when the clock steps back, and a data directory
 *       restored from a backup (an older H2, so lower generations) still starts a newer epoch
 *       than any it signed before, as long as the clock is not behind the backup's last start.
 * </ul>
 */
public final class HubSigningKey {
  private static final Logger LOG = Logger.getLogger(HubSigningKey.class.getName());
  public static final String PRIVATE_FILE = "hub-signing-key.pem";
  public static final String PUBLIC_FILE = "hub-signing-key.pub.pem";
  public static final String EPOCH_FILE = "epoch";

  private final KeyPair keys;
  private final String kid;
  private final long epoch;
  private final Path dir;

  private HubSigningKey(Path dir, KeyPair keys, long epoch) {
    this.dir = dir;
    this.keys = keys;
    this.kid = SigningKeys.keyId(keys.getPublic());
    this.epoch = epoch;
  }

  /**
   * Loads the key (creating it on first start) and starts a new epoch.
   *
   * @throws IOException when the directory cannot be written, or a key file exists but cannot be
   *     read as a key (never silently replaced: that would lock every device out)
   */
  public static HubSigningKey openOrCreate(Path dir, long nowMillis) throws IOException {
    Path priv = dir.resolve(PRIVATE_FILE);
    KeyPair keys;
    if (Files.exists(priv)) {
      tighten(dir, "rwx------");
      tighten(priv, "rw-------");
      try {
        PrivateKey p = SigningKeys.parsePrivatePem(Files.readString(priv, StandardCharsets.US_ASCII));
        PublicKey pub = SigningKeys.parsePublicPem(Files.readString(dir.resolve(PUBLIC_FILE),
            StandardCharsets.US_ASCII));
        keys = new KeyPair(pub, p);
      } catch (IllegalArgumentException | IOException e) {
        throw new IOException("cannot read the hub signing key in " + dir + " (" + e.getMessage()
            + "); restore it from a backup, or move the directory away to make a new key and"
            + " re-register every device", e);
      }
    } else {
      keys = SigningKeys.generate();
      // The public half first: a crash in between leaves no private key, so the next start
      // makes a new pair instead of finding a private key without its public one.
      KeyFiles.writePrivate(dir.resolve(PUBLIC_FILE),
          SigningKeys.publicPem(keys.getPublic()).getBytes(StandardCharsets.US_ASCII));
      KeyFiles.writePrivate(priv,
          SigningKeys.privatePem(keys.getPrivate()).getBytes(StandardCharsets.US_ASCII));
      LOG.info("created the hub signing key " + SigningKeys.keyId(keys.getPublic()) + " in " + dir);
    }
    long epoch = Math.max(nowMillis, lastEpoch(dir) + 1);
    KeyFiles.writePrivate(dir.resolve(EPOCH_FILE),
        (epoch + "\n").getBytes(StandardCharsets.US_ASCII));
    return new HubSigningKey(dir, keys, epoch);
  }

  private static long lastEpoch(Path dir) throws IOException {
    Path f = dir.resolve(EPOCH_FILE);
    if (!Files.exists(f)) {
      return 0;
    }
    try {
      return Long.parseLong(Files.readString(f, StandardCharsets.US_ASCII).trim());
    } catch (NumberFormatException e) {
      throw new IOException(f + " does not hold a number", e);
    }
  }

  private static void tighten(Path p, String mode) throws IOException {
    Set<PosixFilePermission> want = PosixFilePermissions.fromString(mode);
    if (!Files.getPosixFilePermissions(p).equals(want)) {
      LOG.warning(p + " was " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
          + "; set to " + mode);
      Files.setPosixFilePermissions(p, want);
    }
  }

  public KeyPair keys() {
    return keys;
  }

  public String kid() {
    return kid;
  }

  public long epoch() {
    return epoch;
  }

  public String publicPem() {
    return SigningKeys.publicPem(keys.getPublic());
  }

  public Path publicKeyFile() {
    return dir.resolve(PUBLIC_FILE);
  }
}
