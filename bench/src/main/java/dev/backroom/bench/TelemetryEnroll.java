package dev.backroom.bench;

import dev.backroom.harness.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Enrols the bench's store for real: an activation from the operator API, exchanged for a
 * credential by the same command a store operator runs (sync/protocol's EnrollMain jar). The
 * identity file is written into a holding directory and copied into the hub's data directory
 * only for the drain phases.
 */
final class TelemetryEnroll {
  private TelemetryEnroll() {}

  static Path enroll(CloudProcess cloud, String storeId, Path dir) throws Exception {
    Files.createDirectories(dir);
    Path identity = dir.resolve(TelemetryHub.IDENTITY);
    Path jar = Repo.root().resolve("sync/protocol/target/backroom-sync-protocol.jar");
    if (Files.isRegularFile(jar)) {
      var act = cloud.activation(storeId, "{\"region\":\"bench\"}");
      Process p = new ProcessBuilder(List.of(Repo.java(), "-jar", jar.toString(),
          "--cloud", cloud.url(), "--activation-id", act.get("activationId").asText(),
          "--activation-code", act.get("activationCode").asText(), "--data-dir", dir.toString(),
          "--hub-name", "bench-hub")).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(identity)) {
        throw new IllegalStateException("enrolment with " + jar + " failed: " + out);
      }
      System.out.println("  " + out);
    } else {
      // The protocol jar is not built: the same HTTP exchange, and the file the hub expects.
      String credential = cloud.enroll(storeId, "{\"region\":\"bench\"}");
      Files.writeString(identity, "{\"cloudUrl\":\"" + cloud.url() + "\",\"storeId\":\"" + storeId
          + "\",\"credential\":\"" + credential + "\"}\n");
      Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
      System.out.println("  enrolled store " + storeId + " over HTTP (" + jar + " not built)");
    }
    return identity;
  }
}
