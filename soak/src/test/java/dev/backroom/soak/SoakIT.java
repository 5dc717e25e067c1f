package dev.backroom.soak;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The short soak of the suite: two minutes of faults (with the starts and the final checks,
 * about three and a half), failing on any failed invariant, and with a clear message when no
 * Docker engine answers (never skipped). The seed comes from {@link #SEEDS}, picked by the
 * commit, so that successive commits soak different fault sequences and a commit always soaks
 * the same one. Replay a failure with {@code ./backroom soak --minutes 2 --seed S}, or this test
 * with {@code -Dsoak.seed=S}.
 */
class SoakIT {
  static final List<Long> SEEDS = List.of(11L, 23L, 42L, 101L, 2026L, 7919L);

  @Test
  void twoMinutesOfFaults_breakNoInvariant() throws Exception {
    long seed = seed();
    Path out = Repo.root().resolve("soak/target/soak-it.json");
    System.out.println("SoakIT: seed " + seed + " (replay: ./backroom soak --minutes 2 --seed "
        + seed + ", or -Dsoak.seed=" + seed + "); result " + out);
    Main.Outcome o = Main.run(new SoakOptions(2, seed, out, SoakOptions.Mode.EMBEDDED));
    assertFalse(o.history().isEmpty(), "no fault was injected in two minutes");
    assertTrue(o.failures().isEmpty(), () -> "seed " + seed + ": " + o.failures().size()
        + " invariant checks failed:\n" + String.join("\n", o.failures())
        + "\nfault history:\n" + String.join("\n", o.history())
        + "\nreplay: ./backroom soak --minutes 2 --seed " + seed);
  }

  /** {@code -Dsoak.seed}, else the seed the commit picks. */
  static long seed() throws IOException, InterruptedException {
    String set = System.getProperty("soak.seed");
    if (set != null && !set.isBlank()) {
      return Long.parseLong(set.trim());
    }
    Process p = new ProcessBuilder("git", "-C", Repo.root().toString(), "rev-parse", "HEAD")
        .redirectErrorStream(true).start();
    String sha = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0 || sha.length() < 8) {
      throw new IllegalStateException("cannot read the commit to pick a seed: " + sha);
    }
    return SEEDS.get((int) (Long.parseLong(sha.substring(0, 7), 16) % SEEDS.size()));
  }
}
