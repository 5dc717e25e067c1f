package dev.backroom.launcher.compose;

import dev.backroom.config.json.Json;
import dev.backroom.launcher.Main;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code backroom compose up}: converts locally (so a refused file exits 2 without a hub), then
 * sends the file, its env files and the variables it names to {@code POST /api/v1/compose},
 * which converts it again and applies it in one transaction.
 */
@Command(name = "up", header = "Registers a Compose file's task definitions and services on a"
    + " hub (a second up updates them).", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class, sortOptions = false,
    description = {"Reads the file, the .env beside it and its env_files, converts them, and"
        + " sends them with the shell variables the files name (only those) to the hub's"
        + " POST /api/v1/compose?project=NAME. Prints the hub's answer: the task definitions"
        + " (family:revision) and services it registered."},
    footer = {"", "Exit codes: 0 applied; 2 refused (locally or by the hub; nothing changed);"
        + " 1 hub unreachable; 64 usage error."})
public final class ComposeUpCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  FileOptions file;

  @Mixin
  HubOptions hub;

  @Option(names = "--dry-run", description = "let the hub convert and check it, change nothing")
  boolean dryRun;

  Map<String, String> shell = System.getenv();

  @Override
  public Integer call() {
    ProjectFiles files = file.read(spec, shell);
    if (FileOptions.convert(files, spec.commandLine().getErr(), "up") == null) {
      return ComposeCommand.REFUSED;
    }
    StringBuilder query = new StringBuilder("/api/v1/compose?project=")
        .append(URLEncoder.encode(files.project(), StandardCharsets.UTF_8));
    for (String p : files.input().profiles()) {
      query.append("&profile=").append(URLEncoder.encode(p, StandardCharsets.UTF_8));
    }
    if (dryRun) {
      query.append("&dryRun=true");
    }
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("compose", files.input().yaml());
    parts.put("environment", Json.write(files.input().environment()));
    files.input().files().forEach(parts::put);
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    String boundary = "backroom-" + HexFormat.of().formatHex(random);
    HttpRequest.Builder req = HttpRequest.newBuilder(hub.resolve(query.toString()))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(parts, boundary)));
    HttpResponse<String> r;
    try {
      r = hub.send(spec, req);
    } catch (HubOptions.Unreachable e) {
      spec.commandLine().getErr().println("backroom compose up: " + e.getMessage());
      return ComposeCommand.UNREACHABLE;
    }
    if (r.statusCode() != 200) {
      spec.commandLine().getErr().println("backroom compose up: the hub refused (HTTP "
          + r.statusCode() + "): " + r.body());
      return ComposeCommand.REFUSED;
    }
    spec.commandLine().getOut().println(r.body());
    return ComposeCommand.OK;
  }

  /** multipart/form-data with text parts only (no filename, so the hub keeps them in memory). */
  byte[] multipart(Map<String, String> parts, String boundary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> p : parts.entrySet()) {
      if (p.getKey().chars().anyMatch(c -> c == '"' || c == '\r' || c == '\n')) {
        throw new ParameterException(spec.commandLine(), "env file name " + p.getKey()
            + " holds a quote or a line break; rename it");
      }
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
          + p.getKey() + "\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(p.getValue().getBytes(StandardCharsets.UTF_8));
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
