package dev.backroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Where the cloud spent its CPU during a profiled cloud-load run ({@code --profile}, one instance). */
final class CloudLoadProfile {
  private CloudLoadProfile() {}

  static void print(Path jfr, Instant from, Instant to) throws IOException {
    if (!Files.isRegularFile(jfr)) {
      System.out.println("  (no JFR recording at " + jfr + ")");
      return;
    }
    Map<String, JfrHotMethods.Profile> profiles =
        JfrHotMethods.read(jfr, List.of(new JfrHotMethods.Window("load", from, to)));
    JfrHotMethods.Profile p = profiles.get("load");
    StringBuilder text = new StringBuilder("  cloud JFR, " + p.samples + " samples (" + jfr + "):\n");
    text.append("   threads:\n");
    JfrHotMethods.top(p.threads, p.samples, 8).forEach(l -> text.append("    ").append(l).append('\n'));
    text.append("   leaf methods (self):\n");
    JfrHotMethods.top(p.leaves, p.samples, 15).forEach(l -> text.append("    ").append(l).append('\n'));
    text.append("   Backroom methods (inclusive):\n");
    JfrHotMethods.top(p.backroom, p.samples, 20).forEach(l -> text.append("    ").append(l).append('\n'));
    text.append("   leaf <- nearest Backroom caller:\n");
    JfrHotMethods.top(p.callers, p.samples, 15).forEach(l -> text.append("    ").append(l).append('\n'));
    System.out.print(text);
    Files.writeString(jfr.resolveSibling("cloud-hot-methods.txt"), text);
  }
}
