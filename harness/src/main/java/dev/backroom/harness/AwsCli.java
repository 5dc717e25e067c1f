package dev.backroom.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real AWS CLI ({@code aws} on PATH), run for tests. A new {@code aws} process costs Python's
 * start and the CLI's imports (about a second, several under load) before any request; the
 * suites make a few hundred calls. So the CLI's own driver ({@code awscli.clidriver}) runs in
 * long-lived interpreters (resource {@code aws-cli-server.py}), a fresh driver per command,
 * parsing, serialising, signing and sending exactly as {@code aws} does. The interpreter is the
 * one {@code aws} runs on; when it cannot be found, or reports another CLI version than
 * {@code aws --version}, every command runs as its own {@code aws} process instead.
 *
 * <p>Servers are pooled: concurrent callers (a waiter in the background while the test acts)
 * each get their own. A command that overruns its timeout kills its server.
 */
public final class AwsCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Deque<Server> IDLE = new ArrayDeque<>();
  private static volatile Boolean serverUsable;
  private static List<String> interpreter;

  /** What a command printed, and its exit code. */
  public record Result(int exit, String out, String err) {}

  private AwsCli() {}

  /**
   * {@code aws <args>} with exactly {@code awsEnv} as its AWS_* variables (nothing of the
   * machine's AWS configuration is read when it points AWS_CONFIG_FILE and
   * AWS_SHARED_CREDENTIALS_FILE at /dev/null).
   */
  public static Result run(Map<String, String> awsEnv, List<String> args, Duration timeout) {
    if (usable()) {
      Server s = take();
      try {
        Result r = s.call(awsEnv, args, timeout);
        give(s);
        return r;
      } catch (RuntimeException | Error e) {
        s.kill();
        throw e;
      }
    }
    return runProcess(awsEnv, args, timeout);
  }

  /** The same command as its own {@code aws} process (also the fallback). */
  public static Result runProcess(Map<String, String> awsEnv, List<String> args,
      Duration timeout) {
    List<String> command = new ArrayList<>(List.of(binary()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().putAll(awsEnv);
    try {
      Path out = Files.createTempFile("aws-", ".out");
      Path err = Files.createTempFile("aws-", ".err");
      try {
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("aws " + String.join(" ", args.subList(0,
              Math.min(2, args.size()))) + " did not finish in " + timeout + ": "
              + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The AWS_* variables of a command run with {@code id}/{@code secret} in eu-west-1 that reads
   * nothing of the machine's AWS configuration and never pages.
   */
  public static Map<String, String> isolatedEnv(String id, String secret) {
    return Map.of(
        "AWS_ACCESS_KEY_ID", id,
        "AWS_SECRET_ACCESS_KEY", secret,
        "AWS_DEFAULT_REGION", "eu-west-1",
        "AWS_CONFIG_FILE", "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
        "AWS_PAGER", "",
        "AWS_EC2_METADATA_DISABLED", "true");
  }

  /** The AWS CLI on PATH; fails clearly when missing. */
  public static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "aws");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException("the AWS CLI (aws) is not on PATH: the ECS tests drive the"
        + " real CLI (apt-get install awscli; scripts/prerequisites.sh installs it)");
  }

  /** Whether commands run in pooled interpreters (false: one process per command). */
  static boolean pooled() {
    return usable();
  }

  private static boolean usable() {
    Boolean u = serverUsable;
    if (u == null) {
      synchronized (AwsCli.class) {
        if (serverUsable == null) {
          serverUsable = probe();
        }
        u = serverUsable;
      }
    }
    return u;
  }

  /** Starts one server and checks that it drives the same CLI version as {@code aws}. */
  private static boolean probe() {
    String expected = version(runProcess(Map.of("AWS_PAGER", ""), List.of("--version"),
        Duration.ofMinutes(2)));
    for (List<String> candidate : interpreters()) {
      try {
        interpreter = candidate;
        Server s = Server.start();
        if (expected != null && expected.equals(s.version)) {
          give(s);
          return true;
        }
        s.kill();
      } catch (RuntimeException e) {
        // not this interpreter; the next candidate or one process per command
      }
    }
    System.err.println("AwsCli: no interpreter runs the same AWS CLI as " + binary() + " ("
        + expected + "); one aws process per command");
    return false;
  }

  private static String version(Result r) {
    Matcher m = Pattern.compile("aws-cli/([0-9.]+)").matcher(r.out() + r.err());
    return m.find() ? m.group(1) : null;
  }

  /** The interpreter on {@code aws}'s shebang line, then python3 on PATH. */
  private static List<List<String>> interpreters() {
    List<List<String>> all = new ArrayList<>();
    try {
      String first = Files.readAllLines(Path.of(binary()), StandardCharsets.ISO_8859_1).get(0);
      if (first.startsWith("#!") && first.contains("python")) {
        all.add(List.of(first.substring(2).trim().split("\\s+")));
      }
    } catch (IOException | RuntimeException e) {
      // a binary CLI (v2 installer) or unreadable: python3 on PATH is the only candidate
    }
    all.add(List.of("python3"));
    return all;
  }

  private static synchronized Server take() {
    Server s = IDLE.pollFirst();
    return s != null && s.process.isAlive() ? s : Server.start();
  }

  private static synchronized void give(Server s) {
    IDLE.addFirst(s);
  }

  /** One interpreter running aws-cli-server.py. */
  private static final class Server {
    final Process process;
    final Writer in;
    final BufferedReader out;
    final String version;

    private Server(Process process) throws IOException, InterruptedException, ExecutionException,
        TimeoutException {
      this.process = process;
      this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      JsonNode ready = JSON.readTree(readLine(Duration.ofMinutes(2)));
      this.version = ready.path("ready").asText(null);
    }

    static Server start() {
      try (InputStream script = AwsCli.class.getResourceAsStream("aws-cli-server.py")) {
        Path file = Files.createTempFile("aws-cli-server", ".py");
        file.toFile().deleteOnExit();
        Files.write(file, script.readAllBytes());
        List<String> command = new ArrayList<>(interpreter);
        command.add(file.toString());
        ProcessBuilder pb = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        Server s = new Server(pb.start());
        Runtime.getRuntime().addShutdownHook(new Thread(s::kill));
        return s;
      } catch (IOException | ExecutionException | TimeoutException e) {
        throw new IllegalStateException("the AWS CLI server did not start: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    Result call(Map<String, String> env, List<String> args, Duration timeout) {
      try {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("env", env);
        request.put("args", args);
        in.write(JSON.writeValueAsString(request) + "\n");
        in.flush();
        JsonNode a = JSON.readTree(readLine(timeout));
        return new Result(a.path("exit").asInt(255), a.path("out").asText(),
            a.path("err").asText());
      } catch (TimeoutException e) {
        throw new IllegalStateException("aws " + String.join(" ", args.subList(0,
            Math.min(2, args.size()))) + " did not finish in " + timeout);
      } catch (IOException | ExecutionException e) {
        throw new IllegalStateException("the AWS CLI server failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private String readLine(Duration timeout) throws InterruptedException, ExecutionException,
        TimeoutException {
      String line = CompletableFuture.supplyAsync(() -> {
        try {
          return out.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new ExecutionException(new IOException("the AWS CLI server exited"));
      }
      return line;
    }

    void kill() {
      process.destroyForcibly();
    }
  }
}
