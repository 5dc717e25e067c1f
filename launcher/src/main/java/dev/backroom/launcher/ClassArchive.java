package dev.backroom.launcher;

import dev.backroom.config.files.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Application class data sharing (AppCDS) for the hub and the agent, as JDK 17 offers it: the
 * first start runs with {@code -XX:ArchiveClassesAtExit} and the JVM writes every class it
 * loaded, parsed and verified, into an archive when the program exits cleanly (a stop, not a
 * kill); every later start maps that archive ({@code -XX:SharedArchiveFile}) instead of reading,
 * parsing and verifying ~10,000 classes from the jars again. On the footprint bench this took
 * the hub's start to ready from ~10.8 s to ~7.8 s on a loaded machine, a fifth of its CPU time,
 * with a slightly smaller RSS (bench/results/footprint.json measures the second start).
 *
 * <p>The archive only fits the JVM, the jar and the JVM options it was written with, so its name
 * carries a digest of them: a new build, another Java or other options write a fresh one on
 * their first clean exit, and the stale ones are removed then. A missing or unusable archive is
 * never an error: the JVM then loads the classes from the jars, as without sharing. Options that
 * already choose ({@code -Xshare:off}, {@code -XX:SharedArchiveFile=},
 * {@code -XX:ArchiveClassesAtExit=}) are left alone, so {@code -Xshare:off} turns this off.
 */
public final class ClassArchive {
  private static final List<String> OWN_CHOICE = List.of("-Xshare:", "-XX:SharedArchiveFile=",
      "-XX:ArchiveClassesAtExit=", "-XX:-UseSharedSpaces");

  private ClassArchive() {}

  /**
   * The JVM options of one start of {@code program} ({@code hub}, {@code agent}) run from
   * {@code jar}: {@code jvmOptions} plus the archive's, kept in {@code dir}.
   */
  public static List<String> options(Path dir, String program, Path jar, List<String> jvmOptions) {
    if (jvmOptions.stream().anyMatch(o -> OWN_CHOICE.stream().anyMatch(o::startsWith))) {
      return jvmOptions;
    }
    List<String> all = new ArrayList<>(jvmOptions);
    Path archive = dir.resolve(program + "-" + key(jar, jvmOptions) + ".jsa");
    try {
      if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
        // The JVM writes it world-readable; the data directory it lives in is owner-only.
        OwnerOnly.file(archive);
        all.add("-XX:SharedArchiveFile=" + archive);
        return all;
      }
      OwnerOnly.createDirectories(dir);
      removeStale(dir, program, archive);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the class archive in " + dir, e);
    }
    all.add("-XX:ArchiveClassesAtExit=" + archive);
    // At exit the JVM warns once per class it does not archive (~1,700 classes loaded but never
    // linked, such as unused exception mappers): not a problem, and not worth a log line each.
    all.add("-Xlog:cds=error");
    return all;
  }

  /** What the archive must match: the JVM, the jar (a rebuild changes it), the options. */
  static String key(Path jar, List<String> jvmOptions) {
    try {
      String what = String.join("\n", System.getProperty("java.home"),
          System.getProperty("java.vm.version"), jar.toAbsolutePath().toString(),
          Long.toString(Files.size(jar)), Files.getLastModifiedTime(jar).toString(),
          String.join(" ", jvmOptions));
      byte[] d = MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void removeStale(Path dir, String program, Path keep) throws IOException {
    try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, program + "-*.jsa")) {
      for (Path p : old) {
        if (!p.equals(keep)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
