package dev.backroom.soak;

/**
 * One fault of the soak: injected, held for its duration, then healed. The scheduler runs one at
 * a time. Implementations outside this package (dev.backroom.soak.extra: link cuts, a full disk,
 * a stepped clock) plug in through {@link FaultKind}.
 */
public interface Fault {
  /** The kind, as counted in the result: {@code kill-9}, {@code sigstop}, {@code docker-kill}... */
  String kind();

  /** What it hits, for the history: {@code hub}, {@code agent <device>}, a container... */
  String target();

  /** Does the damage; returns at once (the scheduler holds the fault for its duration). */
  void inject(FaultContext c) throws Exception;

  /** Undoes it (a restart, SIGCONT) and returns when the target is back (a restarted hub ready). */
  void heal(FaultContext c) throws Exception;

  /**
   * Whether the hub's API may not answer while this fault lasts (a killed or frozen hub): the
   * prober excuses its probes then, and the workload waits.
   */
  default boolean hubUnavailable() {
    return false;
  }
}
