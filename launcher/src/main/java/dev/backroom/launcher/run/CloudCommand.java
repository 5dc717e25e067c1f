package dev.backroom.launcher.run;

import dev.backroom.harness.Repo;
import dev.backroom.launcher.JavaOptions;
import dev.backroom.launcher.Launch;
import dev.backroom.launcher.Main;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code backroom cloud}: the cloud sync endpoint in the foreground. */
@Command(name = "cloud", header = "Runs the cloud sync endpoint in the foreground.", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
    description = {"Runs the cloud sync endpoint in the foreground: java $BACKROOM_CLOUD_JAVA_OPTS"
        + " -D... -jar sync/cloud/target/quarkus-app/quarkus-run.jar, in the repository root.",
        "Each flag sets the cloud property its description names. A flag left out sets nothing:"
            + " the cloud's own default applies (sync/cloud/src/main/resources/"
            + "application.properties: data ./data/cloud under the repository root, H2 there,"
            + " HTTP 127.0.0.1:8090). Paths are relative to the current directory."},
    footer = {"",
        "Several cloud processes may share one PostgreSQL database (scale-out). For a private"
            + " local PostgreSQL: scripts/postgres.sh start DIR PORT prints a JDBC URL (user"
            + " backroom/backroom)."})
public final class CloudCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "backroom.cloud.data-dir")
  Path dataDir;

  @Option(names = "--http-port", paramLabel = "N", converter = Flags.Port.class,
      description = "quarkus.http.port")
  Integer httpPort;

  @Option(names = "--http-host", paramLabel = "H", description = "quarkus.http.host")
  String httpHost;

  @Option(names = "--db", paramLabel = "h2|postgresql", description = "backroom.cloud.db")
  Db db;

  @Option(names = "--db-url", paramLabel = "URL",
      description = "backroom.cloud.db-url: the JDBC URL, needed with --db postgresql")
  String dbUrl;

  @Option(names = "--db-user", paramLabel = "U", description = "backroom.cloud.db-user")
  String dbUser;

  @Option(names = "--db-password", paramLabel = "P", description = "backroom.cloud.db-password")
  String dbPassword;

  @Option(names = "--admin-token", paramLabel = "T",
      description = "backroom.cloud.admin-token: the operator API's bearer token; when not set,"
          + " the cloud generates one into <data-dir>/admin-token (mode 0600)")
  String adminToken;

  @Option(names = "-D", paramLabel = "key=value",
      description = "passed to the cloud as it is, after the flags (so it wins)")
  Map<String, String> properties = new LinkedHashMap<>();

  /** The databases the cloud knows, spelled as its backroom.cloud.db takes them. */
  enum Db { h2, postgresql }

  public List<String> systemProperties() {
    if (db == Db.postgresql && dbUrl == null) {
      throw new ParameterException(spec.commandLine(),
          "--db postgresql needs --db-url jdbc:postgresql://HOST:PORT/DB");
    }
    if (db != Db.postgresql && dbUrl != null) {
      throw new ParameterException(spec.commandLine(),
          "--db-url is for --db postgresql; H2 lives in the data directory");
    }
    return new Flags()
        .set("backroom.cloud.data-dir", Flags.absolute(dataDir))
        .set("backroom.cloud.db", db)
        .set("quarkus.http.port", httpPort)
        .set("quarkus.http.host", httpHost)
        .set("backroom.cloud.db-url", dbUrl)
        .set("backroom.cloud.db-user", dbUser)
        .set("backroom.cloud.db-password", dbPassword)
        .set("backroom.cloud.admin-token", adminToken)
        .passThrough(properties)
        .properties();
  }

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    return Launch.java(Map.of(), JavaOptions.cloud(env), systemProperties(),
        List.of("-jar", Repo.cloudJar().toString())).run();
  }
}
