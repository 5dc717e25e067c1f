package dev.backroom.agent.enroll;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backroom.config.files.OwnerOnly;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The device's credential as the hub handed it out at registration, in
 * {@code <data-dir>/device-credential.json}, mode 0600 from its first byte on (the temp file is
 * created with that mode, fsynced and renamed over the old one).
 *
 * @param telemetryUrl the hub's telemetry listener, handed to workloads; may be null
 * @param brokerUrl the hub's broker as the hub named it at registration (the agent's default
 *     {@code --broker}); may be null in files written before it was kept
 */
public record DeviceCredentialFile(String deviceId, String hubUrl, String username,
    String password, String workloadUsername, String workloadPassword, String telemetryUrl,
    String brokerUrl) {
  public static final String NAME = "device-credential.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
          false);

  public static Path in(Path dataDir) {
    return dataDir.resolve(NAME);
  }

  /**
   * Empty when there is no file; an unreadable one is an error, not a silent anonymous start. An
   * existing data directory is narrowed to 0700 and the file to 0600 first (an older agent left
   * the directory with the umask's mode), which is an error too when it fails.
   */
  public static Optional<DeviceCredentialFile> read(Path dataDir) throws IOException {
    Path f = in(dataDir);
    if (Files.isDirectory(dataDir)) {
      OwnerOnly.directory(dataDir);
    }
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    OwnerOnly.file(f);
    return Optional.of(JSON.readValue(f.toFile(), DeviceCredentialFile.class));
  }

  /** Writes the file 0600 into {@code dataDir}, which is created or narrowed to 0700. */
  public void write(Path dataDir) throws IOException {
    OwnerOnly.directory(dataDir);
    Path tmp = Files.createTempFile(dataDir, NAME, ".tmp",
        PosixFilePermissions.asFileAttribute(OwnerOnly.FILE));
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, in(dataDir), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * What the agent hands every container it starts: where and as whom to publish telemetry. The
   * workload credential may publish {@code backroom/v1/telemetry/#} and nothing else.
   */
  public List<String> workloadEnvironment() {
    return workloadEnvironment(null);
  }

  /**
   * As {@link #workloadEnvironment()}, plus {@code BACKROOM_TELEMETRY_CA}: the store CA's PEM,
   * which a workload must trust (and only it) to publish to an {@code ssl://} telemetry URL.
   */
  public List<String> workloadEnvironment(String caPem) {
    List<String> env = new ArrayList<>();
    if (caPem != null) {
      env.add("BACKROOM_TELEMETRY_CA=" + caPem);
    }
    if (telemetryUrl != null) {
      env.add("BACKROOM_TELEMETRY_URL=" + telemetryUrl);
    }
    env.add("BACKROOM_TELEMETRY_USERNAME=" + workloadUsername);
    env.add("BACKROOM_TELEMETRY_PASSWORD=" + workloadPassword);
    return env;
  }

  @Override
  public String toString() {
    return "DeviceCredentialFile[" + deviceId + " at " + hubUrl + "]";
  }
}
