package dev.backroom.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.harness.Repo;
import dev.backroom.launcher.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Verifies that each run flag sets exactly the app property it names, that a flag left out sets
 * nothing (the app's own default applies), and that bad values are refused with exit 64 and a
 * reason before anything starts.
 */
class RunFlagsTest {
  private static final String CWD = Path.of("").toAbsolutePath().toString();

  static List<String> hub(String args) {
    HubCommand c = new HubCommand();
    new CommandLine(c).parseArgs(split(args));
    return c.systemProperties();
  }

  static List<String> cloud(String args) {
    CloudCommand c = new CloudCommand();
    new CommandLine(c).parseArgs(split(args));
    return c.systemProperties();
  }

  private static String[] split(String args) {
    return args.isBlank() ? new String[0] : args.trim().split(" ");
  }

  private static List<String> expected(String props) {
    return props.isBlank() ? List.of()
        : Arrays.stream(props.trim().split(" ")).map(p -> p.replace("$CWD", CWD)).toList();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|''",
      "--data-dir d|-Dbackroom.data-dir=$CWD/d",
      "--data-dir=/srv/hub|-Dbackroom.data-dir=/srv/hub",
      "--http-port 9443|-Dquarkus.http.port=9443",
      "--http-host 0.0.0.0|-Dquarkus.http.host=0.0.0.0",
      "--mqtt-port 8883 --mqtt-host 10.0.0.2|-Dbackroom.mqtt.port=8883 -Dbackroom.mqtt.host=10.0.0.2",
      "--broker-url tcp://127.0.0.1:1884|-Dbackroom.mqtt.url=tcp://127.0.0.1:1884",
      "--heartbeat-timeout 30|-Dbackroom.devices.heartbeat-timeout=30s",
      "--heartbeat-timeout 30s|-Dbackroom.devices.heartbeat-timeout=30s",
      "--telemetry-port 1999|-Dbackroom.telemetry.port=1999",
      "--tls-extra-names hub.local,10.0.0.2|-Dbackroom.tls.extra-names=hub.local,10.0.0.2",
      "--mqtt-plain-port 1885|-Dbackroom.mqtt.plain-port=1885",
      "--no-tls|-Dbackroom.tls.enabled=false",
      "--mosquitto-binary /bin/sh|-Dbackroom.mqtt.mosquitto-binary=/bin/sh",
      "--broker-ca-file pom.xml|-Dbackroom.mqtt.ca-file=$CWD/pom.xml",
      // A -D comes after the flags, so that it wins.
      "-Dquarkus.http.port=1 --http-port 2|-Dquarkus.http.port=2 -Dquarkus.http.port=1",
      "-Dbackroom.auth.enabled=false -Da=b=c|-Dbackroom.auth.enabled=false -Da=b=c"})
  void hubFlagsMapToHubProperties(String args, String props) {
    assertEquals(expected(props), hub(args));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|''",
      "--data-dir c|-Dbackroom.cloud.data-dir=$CWD/c",
      "--http-port 8091 --http-host 0.0.0.0|-Dquarkus.http.port=8091 -Dquarkus.http.host=0.0.0.0",
      "--db h2|-Dbackroom.cloud.db=h2",
      "--db postgresql --db-url jdbc:postgresql://db/x --db-user u --db-password p|"
          + "-Dbackroom.cloud.db=postgresql -Dbackroom.cloud.db-url=jdbc:postgresql://db/x"
          + " -Dbackroom.cloud.db-user=u -Dbackroom.cloud.db-password=p",
      "--admin-token t0k|-Dbackroom.cloud.admin-token=t0k",
      "-Dbackroom.cloud.public-url=https://c --http-port 1|-Dquarkus.http.port=1"
          + " -Dbackroom.cloud.public-url=https://c"})
  void cloudFlagsMapToCloudProperties(String args, String props) {
    assertEquals(expected(props), cloud(args));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "hub --http-port 0|backroom hub: Invalid value for option '--http-port': must be a port number (1-65535), not '0'",
      "hub --mqtt-port x|Invalid value for option '--mqtt-port': must be a port number",
      "hub --telemetry-port 70000|Invalid value for option '--telemetry-port'",
      "hub --heartbeat-timeout 1m|takes whole seconds, not '1m'",
      "hub --broker-ca-file /nonexistent/ca.pem|'/nonexistent/ca.pem' is not a file",
      "hub --mosquitto-binary pom.xml|'pom.xml' is not executable",
      "hub --bogus|backroom hub: Unknown option: '--bogus'",
      "cloud --db mysql|Invalid value for option '--db'",
      "cloud --db postgresql|--db postgresql needs --db-url",
      "cloud --db-url jdbc:postgresql://db/x|--db-url is for --db postgresql",
      "bench|backroom bench: which benchmark?",
      "hub activation|which? ./backroom hub activation create",
      "nosuch|backroom: Unmatched argument at index 0: 'nosuch'"})
  void badFlagsAreRefusedWithExit64AndAReason(String args, String reason) {
    StringWriter err = new StringWriter();
    int exit = Main.commandLine().setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter()))
        .execute(split(args));
    assertEquals(Main.USAGE, exit, err.toString());
    assertTrue(err.toString().contains(reason), err.toString());
  }

  /** The hub's class archive lives in its data directory, wherever the hub will take that from. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|''|data/hub",
      "--data-dir /srv/hub|''|/srv/hub",
      "-D backroom.data-dir=/srv/d|/srv/env|/srv/d",
      "-D backroom.data-dir=./rel|''|rel",
      "''|/srv/env|/srv/env"})
  void hubDataDirectory_flagThenPropertyThenEnvironmentThenDefault(String args, String env,
      String dir) {
    HubCommand c = new HubCommand();
    new CommandLine(c).parseArgs(split(args));
    assertEquals(Repo.root().resolve(dir),
        c.dataDirectory(env.isEmpty() ? Map.of() : Map.of("BACKROOM_DATA_DIR", env)));
  }

  /** The agent's: its --data-dir, else its default ./data/agent-<device-id>; none without both. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--device-id d1 --broker ssl://h:1883|data/agent-d1",
      "--data-dir /srv/agent --device-id d1|/srv/agent",
      "--device-id=d2 --data-dir=rel/a|rel/a",
      "--device-id=d2|data/agent-d2",
      "--version|''"})
  void agentDataDirectory(String args, String dir) {
    Path found = AgentCommand.dataDirectory(List.of(split(args)));
    assertEquals(dir.isEmpty() ? null : Repo.root().resolve(dir), found);
  }
}
