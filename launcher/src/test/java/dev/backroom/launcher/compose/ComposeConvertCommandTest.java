package dev.backroom.launcher.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.config.json.Json;
import dev.backroom.launcher.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code compose convert} and {@code up}'s local check: pure, no hub. */
class ComposeConvertCommandTest {
  static final String FILE = """
      services:
        web:
          image: backroom/busybox:${TAG:-1}
          command: sleep ${NAP}
          environment:
            GREETING: ${GREETING:-hello}
          env_file: ./web.env
          depends_on: [db]
          mem_limit: 32m
          network_mode: host
        db:
          image: backroom/busybox:1
          mem_limit: 32m
          network_mode: host
      """;

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> shell, String... args) {
    CommandLine cl = Main.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
    CommandLine compose = cl.getSubcommands().get("compose");
    ((ComposeConvertCommand) compose.getSubcommands().get("convert").getCommand()).shell = shell;
    ((ComposeUpCommand) compose.getSubcommands().get("up").getCommand()).shell = shell;
    List<String> all = new ArrayList<>(List.of("compose"));
    all.addAll(List.of(args));
    return cl.execute(all.toArray(String[]::new));
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void convert_printsTheRecords_withShellDotEnvAndEnvFile() throws Exception {
    Path f = write("docker-compose.yml", FILE);
    write(".env", "NAP=30\nTAG=2\n");
    write("web.env", "FROM_FILE=yes\n");
    int code = run(Map.of("TAG", "3", "GREETING", "hi", "SECRET", "not sent"), "convert",
        "-f", f.toString(), "--project", "shop");
    assertEquals(0, code, err.toString());
    JsonNode j = Json.mapper().readTree(out.toString());
    assertEquals("shop", j.get("project").asText());
    assertEquals(1, j.get("taskDefinitions").size(), "web and db share a task");
    JsonNode td = j.get("taskDefinitions").get(0);
    assertEquals("shop-web", td.get("family").asText());
    JsonNode web = td.get("containerDefinitions").get(1);
    assertEquals("backroom/busybox:3", web.get("image").asText(), "the shell wins over .env");
    assertEquals("[\"sleep\",\"30\"]", web.get("command").toString(), ".env fills ${NAP}");
    String env = web.get("environment").toString();
    assertTrue(env.contains("\"GREETING\"") && env.contains("\"hi\""), env);
    assertTrue(env.contains("FROM_FILE"), env);
    assertEquals("shop-web", j.get("services").get(0).get("serviceName").asText());
    assertEquals("", err.toString());
  }

  @Test
  void onlyTheVariablesTheFilesName_leaveTheShell() {
    Map<String, String> sent = ProjectFiles.referenced(Map.of("NAP", "1", "SECRET", "s",
        "FROM_ENV_FILE", "x"), FILE, List.of("A=${FROM_ENV_FILE}"));
    assertEquals(Map.of("NAP", "1", "FROM_ENV_FILE", "x"), sent);
  }

  record Refused(String name, String yaml, List<String> lines) {}

  static Stream<Refused> refused() {
    return Stream.of(
        new Refused("every refusal, with service, key and reason", """
            services:
              web:
                image: x
                build: .
                mem_limit: 16m
              db:
                image: y
                container_name: db
                mem_limit: 16m
            """, List.of("  web  services.web.build: ", "  db  services.db.container_name: ")),
        new Refused("a missing env file", """
            services:
              web:
                image: x
                mem_limit: 16m
                env_file: ./nowhere.env
            """, List.of("  web  services.web.env_file")),
        new Refused("a top-level refusal", """
            networks: {front: {}}
            services:
              web: {image: x, mem_limit: 16m}
            """, List.of("  (top level)  networks: ")));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void convert_refusedFile_exits2_listingEveryRefusal(Refused c) throws Exception {
    Path f = write("compose.yaml", c.yaml());
    assertEquals(2, run(Map.of(), "convert", "-f", f.toString(), "-p", "x"), err.toString());
    assertEquals("", out.toString());
    assertTrue(err.toString().contains("refusal(s); nothing would be created"), err.toString());
    for (String line : c.lines()) {
      assertTrue(err.toString().contains(line), line + " in " + err);
    }
  }

  @Test
  void up_refusedLocally_exits2_withoutCallingTheHub() throws Exception {
    Path f = write("compose.yaml", "services:\n  web: {image: x, build: .}\n");
    assertEquals(2, run(Map.of(), "up", "-f", f.toString(), "-p", "x", "--hub",
        "http://127.0.0.1:" + freePort(), "--token", "t"), err.toString());
    assertTrue(err.toString().contains("nothing was sent"), err.toString());
    assertTrue(!err.toString().contains("cannot reach"), err.toString());
  }

  @Test
  void up_unreachableHub_exits1() throws Exception {
    Path f = write("compose.yaml", "services:\n  web: {image: x, mem_limit: 16m}\n");
    int port = freePort();
    assertEquals(1, run(Map.of(), "up", "-f", f.toString(), "-p", "x", "--hub",
        "http://127.0.0.1:" + port, "--token", "t"), err.toString());
    assertTrue(err.toString().contains("cannot reach http://127.0.0.1:" + port), err.toString());
  }

  @Test
  void projectName_followsComposesOrder() throws Exception {
    Path d = Files.createDirectories(dir.resolve("My Shop.2"));
    assertEquals("flag", ProjectFiles.projectName("flag", Map.of("COMPOSE_PROJECT_NAME", "e"),
        Map.of("name", "n"), d));
    assertEquals("e", ProjectFiles.projectName(null, Map.of("COMPOSE_PROJECT_NAME", "e"),
        Map.of("name", "n"), d));
    assertEquals("n", ProjectFiles.projectName(null, Map.of(), Map.of("name", "n"), d));
    assertEquals("myshop2", ProjectFiles.projectName(null, Map.of(), Map.of(), d));
  }

  @Test
  void noFile_isAUsageError() {
    assertEquals(Main.USAGE, run(Map.of(), "convert", "-f", dir.resolve("none.yml").toString()));
    assertTrue(err.toString().contains("cannot read"), err.toString());
    assertEquals(Main.USAGE, run(Map.of(), "down"));
    assertTrue(err.toString().contains("--project"), err.toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
