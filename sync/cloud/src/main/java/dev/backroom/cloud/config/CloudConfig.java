package dev.backroom.cloud.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every {@code backroom.cloud.*} key. Defaults suit one instance with H2 on a laptop. */
@ConfigMapping(prefix = "backroom.cloud")
public interface CloudConfig {
  /**
   * Where the H2 database and a generated admin token live. Absolute, or starting with {@code ./}:
   * H2 refuses implicitly relative paths.
   */
  @WithDefault("./data/cloud")
  String dataDir();

  /**
   * The operator's bearer token. When unset, one is generated into {@code <data-dir>/admin-token}
   * (mode 0600) and kept across restarts.
   */
  Optional<String> adminToken();

  /** {@code h2} (file database under data-dir) or {@code postgresql} (db-url, db-user, db-password). */
  @WithDefault("h2")
  String db();

  /** JDBC URL when db=postgresql, e.g. {@code jdbc:postgresql://127.0.0.1:5432/backroom}. */
  Optional<String> dbUrl();

  /** Database user when db=postgresql (default backroom). */
  Optional<String> dbUser();

  /** Database password when db=postgresql (default backroom). */
  Optional<String> dbPassword();

  /** The URL hubs are told to use, returned by enrolment; default is the request's own base. */
  Optional<String> publicUrl();

  /** How often each instance looks for stores whose revision moved, to wake its long-polls. */
  @WithDefault("200ms")
  Duration watchInterval();

  /** Revisions of change log kept per store; a hub further behind gets a full snapshot. */
  @WithDefault("500")
  int changeLogRevisions();

  /** Cap on a telemetry batch after gunzip; beyond it the batch is refused with 413. */
  @WithDefault("16777216")
  int maxTelemetryBytes();

  /** PBKDF2 iterations for activation codes; tests lower it, production keeps the default. */
  @WithDefault("210000")
  int activationHashIterations();

  /** Events returned by the operator's reports view. */
  @WithDefault("200")
  int reportEventsShown();
}
