package dev.backroom.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root and the built artifacts the harness launches. */
public final class Repo {
  private Repo() {}

  public static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("mvnw"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root (no mvnw above "
          + Path.of("").toAbsolutePath() + ")");
    }
    return p;
  }

  public static Path hubJar() {
    return existing(root().resolve("hub/target/quarkus-app/quarkus-run.jar"));
  }

  public static Path agentJar() {
    return existing(root().resolve("device-agent/target/backroom-agent.jar"));
  }

  public static Path cloudJar() {
    return existing(root().resolve("sync/cloud/target/quarkus-app/quarkus-run.jar"));
  }

  /** The enrolment tool ({@code EnrollMain}), a plain jar with its dependencies in lib/. */
  public static Path enrollJar() {
    return existing(root().resolve("sync/protocol/target/backroom-sync-protocol.jar"));
  }

  /** The {@code backroom} command-line script at the repository root. */
  public static Path script() {
    return root().resolve("backroom");
  }

  private static Path existing(Path p) {
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException(p + " is missing: run ./mvnw package -DskipTests first");
    }
    return p;
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
