package dev.backroom.soak.extra;

import dev.backroom.harness.DeviceRegistration;
import dev.backroom.harness.HubApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A wall clock that can be stepped at runtime for one process (the hub), as a store appliance
 * without NTP drifts and is then corrected by minutes. Built on libfaketime (Debian package
 * {@code faketime}): the process runs with {@link #environment()} (LD_PRELOAD of
 * libfaketime.so.1 and a timestamp file holding the offset, e.g. {@code +600}); {@link #step}
 * rewrites the file. Only the real-time clock moves: {@code FAKETIME_DONT_FAKE_MONOTONIC=1}
 * leaves CLOCK_MONOTONIC (the JVM's {@code System.nanoTime}, timers, timeouts) untouched, as NTP
 * does. The file is read again at most once a second ({@code FAKETIME_CACHE_DURATION=1}), not on
 * every call as {@code FAKETIME_NO_CACHE} would: a JVM reads the clock thousands of times a second,
 * and a file read on each would slow the hub more than any step. So a step takes effect within
 * about a second. {@code FAKETIME_FORCE_MONOTONIC_FIX=0}: see {@link #environment()}. Children inherit the environment (the hub's own Mosquitto shares its clock, as on
 * one appliance).
 *
 * <p>Use: {@link #create(Path)}; start the process with {@link #environment()} (HubProcess's
 * settings map passes names like LD_PRELOAD through unchanged); {@link #step(Duration)} forward or
 * back; {@link #heal()} returns to real time; {@link #observedOffset(HubApi)} asks the hub itself
 * what its clock says.
 */
public final class SteppedClock {
  public static final List<Path> LIBRARIES = List.of(
      Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
      Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
      Path.of("/usr/lib/faketime/libfaketime.so.1"));

  private final Path library;
  private final Path file;
  private Duration offset = Duration.ZERO;
  private int steps;

  private SteppedClock(Path library, Path file) {
    this.library = library;
    this.file = file;
  }

  /** A clock at real time, its offset kept in file; fails when libfaketime is missing. */
  public static SteppedClock create(Path file) {
    Path lib = LIBRARIES.stream().filter(Files::isRegularFile).findFirst()
        .orElseThrow(() -> new IllegalStateException("the stepped-clock fault needs libfaketime "
            + "(none of " + LIBRARIES + "): apt-get install faketime, or scripts/prerequisites.sh test"));
    SteppedClock c = new SteppedClock(lib, file.toAbsolutePath());
    c.write();
    return c;
  }

  /** The variables the faked process needs, on top of its own. */
  public Map<String, String> environment() {
    Map<String, String> env = new TreeMap<>();
    env.put("LD_PRELOAD", library.toString());
    env.put("FAKETIME_TIMESTAMP_FILE", file.toString());
    env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
    env.put("FAKETIME_CACHE_DURATION", "1");
    // Off, though glibc builds switch it on: with it, the JVM's timed waits (Object.wait,
    // parkNanos) return at once, H2 takes 25 s to open a database and the hub never gets ready.
    env.put("FAKETIME_FORCE_MONOTONIC_FIX", "0");
    return env;
  }

  /** Moves the clock by delta (negative: back), on top of earlier steps. */
  public synchronized void step(Duration delta) {
    offset = offset.plus(delta);
    steps++;
    write();
  }

  /** Back to real time (a step of minus the offset; not counted as an injected step). */
  public synchronized void heal() {
    offset = Duration.ZERO;
    write();
  }

  public synchronized Duration offset() {
    return offset;
  }

  public synchronized int steps() {
    return steps;
  }

  /**
   * The hub's clock minus ours, as the hub shows it: an activation created with a 600 s expiry
   * carries the hub's {@code now + 600 s}. Precise to the request's round trip.
   */
  public static Duration observedOffset(HubApi hub) {
    Instant before = Instant.now();
    Instant expires = Instant.parse(DeviceRegistration.activation(hub, 1, 600).get("expiresAt").asText());
    return Duration.between(before, expires.minusSeconds(600));
  }

  private void write() {
    // libfaketime's relative format: a signed number of seconds.
    String spec = (offset.isNegative() ? "" : "+") + offset.toSeconds() + "\n";
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, spec);
      // Atomic, so the process never reads a half-written offset.
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
