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

  /**
   * The AES-256 key (32 bytes, base64) that seals access key secrets in the database. When unset,
   * one is made at first start in {@code <data-dir>/access-keys/sealing-key} (0600); instances of
   * one cloud that do not share a data directory must all be given the same key here.
   */
  Optional<String> sealingKey();

  /** The Amazon ECS endpoint at {@code /ecs} (docs/ecs-api.md, "The cloud"). */
  Ecs ecs();

  /** {@code backroom.cloud.ecs.*}. */
  interface Ecs {
    /** The region in every ARN the cloud writes; a pipeline may sign for any region. */
    @WithDefault("us-east-1")
    String region();

    /** The 12-digit account id in every ARN the cloud writes. */
    @WithDefault("000000000000")
    String accountId();

    /** Requests a second per access key, on average, before ThrottlingException. */
    @WithDefault("20")
    double requestsPerSecond();

    /** Requests an access key may make at once before the average applies. */
    @WithDefault("40")
    int burst();

    /**
     * How long a one-off task's desired object (RunTask through the cloud) is kept at most:
     * it is purged earlier once its store reports the task stopped. A store offline for longer
     * never runs it.
     */
    @WithDefault("P7D")
    Duration taskRetention();

    /** How often one-off task objects are checked for purging. */
    @WithDefault("60s")
    Duration taskSweepInterval();
  }

  /** Events returned by the operator's reports view. */
  @WithDefault("200")
  int reportEventsShown();
}
