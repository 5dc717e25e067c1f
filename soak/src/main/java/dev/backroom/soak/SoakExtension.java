package dev.backroom.soak;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where faults and invariants that need more than the core's processes plug in (the package
 * dev.backroom.soak.extra: a proxy on the hub's link to the cloud, a small filesystem for the
 * hub's data, an offset clock, a telemetry ledger). Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.backroom.soak.SoakExtension}), so adding one changes no core
 * file. Every method has a default that changes nothing.
 */
public interface SoakExtension {
  /** First, before the cloud starts: the run's options and directory (logs, mounts, files). */
  default void prepare(SoakOptions options, java.nio.file.Path runDir) {}

  /** Before the hub is enrolled: the URL it enrols with and syncs to (a proxy's, say). */
  default String hubCloudUrl(String cloudUrl) {
    return cloudUrl;
  }

  /** Before the hub starts: its data directory (a mounted small filesystem, say). */
  default Path hubDataDir(Path proposed) {
    return proposed;
  }

  /** Before the hub starts: environment variables added to its process (LD_PRELOAD, FAKETIME). */
  default Map<String, String> hubEnvironment() {
    return Map.of();
  }

  /** Once the store runs: more fault kinds for the scheduler to choose from. */
  default List<FaultKind> faultKinds(SoakView view) {
    return List.of();
  }

  /** Once the store runs: more invariants, checked after every heal and at the end. */
  default List<Invariant> invariants(SoakView view) {
    return List.of();
  }

  /** After the final checks: what the extension adds to soak.json (its own block, say). */
  default void addTo(com.fasterxml.jackson.databind.node.ObjectNode result) {}

  /** Called last, after the store's processes stopped (so a mounted filesystem can go). */
  default void close() {}
}
