package dev.backroom.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root and the built artifacts the harness launches. */
public final class Repo {
  private Repo() {}

  /**
   * The repository root: the {@code backroom.repo} system property when set (the launcher sets it
   * from its own jar's place, so that it works from any directory), else the first directory
   * holding {@code mvnw} above the current one.
   */
  public static Path root() {
    String set = System.getProperty("backroom.repo");
    if (set != null && !set.isBlank()) {
      return Path.of(set).toAbsolutePath();
    }
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

  /** The launcher ({@code backroom hub enroll} and the other commands), with its lib/. */
  public static Path launcherJar() {
    return existing(root().resolve("launcher/target/backroom-launcher.jar"));
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
