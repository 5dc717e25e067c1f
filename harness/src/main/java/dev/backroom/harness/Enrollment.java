package dev.backroom.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Enrols a hub the way an installer does: the real enrolment tool as its own process, either the
 * jar ({@code java -jar sync/protocol/target/backroom-sync-protocol.jar}) or
 * {@code ./backroom hub enroll}. Exit codes per the tool: 0 enrolled, 2 refused by the cloud,
 * 3 unreachable, 64 usage.
 */
public final class Enrollment {
  private Enrollment() {}

  /** The identity the tool wrote: {@code {cloudUrl, storeId, credential}}. */
  public record Identity(String cloudUrl, String storeId, String credential) {}

  public static Command.Result withJar(String cloudUrl, CloudProcess.Activation a, Path hubDataDir) {
    List<String> cmd = new ArrayList<>(List.of(Repo.java(), "-jar", Repo.enrollJar().toString()));
    cmd.addAll(args(cloudUrl, a.activationId(), a.activationCode(), hubDataDir));
    return Command.run(cmd, 60);
  }

  public static Command.Result withScript(String cloudUrl, String activationId, String code, Path hubDataDir) {
    List<String> cmd = new ArrayList<>(List.of(Repo.script().toString(), "hub", "enroll"));
    cmd.addAll(args(cloudUrl, activationId, code, hubDataDir));
    return Command.run(cmd, 300);
  }

  private static List<String> args(String cloudUrl, String id, String code, Path dataDir) {
    return List.of("--cloud", cloudUrl, "--activation-id", id, "--activation-code", code,
        "--data-dir", dataDir.toAbsolutePath().toString());
  }

  public static Path identityFile(Path hubDataDir) {
    return hubDataDir.resolve("cloud-identity.json");
  }

  public static Identity readIdentity(Path hubDataDir) {
    try {
      JsonNode n = Json.mapper().readTree(Files.readString(identityFile(hubDataDir)));
      return new Identity(n.path("cloudUrl").asText(), n.path("storeId").asText(),
          n.path("credential").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("no readable identity in " + hubDataDir, e);
    }
  }

  /** Creates an activation for storeId and enrols hubDataDir with it through the jar. */
  public static Identity enroll(CloudProcess cloud, String viaUrl, String storeId, Path hubDataDir) {
    CloudProcess.Activation a = cloud.createActivation(storeId, 600, 1);
    withJar(viaUrl, a, hubDataDir).expectExit(0);
    return readIdentity(hubDataDir);
  }
}
