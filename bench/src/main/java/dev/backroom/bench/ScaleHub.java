package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.harness.HubApi;
import dev.backroom.harness.HubAuth;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.MosquittoProcess;
import dev.backroom.harness.Ports;
import dev.backroom.harness.Repo;
import dev.backroom.launcher.ClassArchive;
import dev.backroom.mqtt.Liveness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The hub under test as a process, an optional external Mosquitto, and JFR/jcmd profiling. */
final class ScaleHub {
  private final ScaleOptions o;
  private final Path dir;
  private final ScaleResults results;
  private final List<JfrHotMethods.Window> windows = new ArrayList<>();
  private ManagedProcess hub;
  private List<String> hubJvm;
  private List<String> hubArgs;
  private Map<String, String> hubEnv;
  private HubApi api;
  private long hubPid;
  private int mqttPort;
  private MosquittoProcess mosquitto;
  private final HubAuth auth = HubAuth.random();
  private boolean profileDumped;

  ScaleHub(ScaleOptions o, Path dir, ScaleResults results) {
    this.o = o;
    this.dir = dir;
    this.results = results;
  }

  HubApi api() {
    return api;
  }

  long pid() {
    return hubPid;
  }

  /**
   * The broker's pid: the external Mosquitto's, else the hub's own Mosquitto (its child
   * process); -1 when there is none.
   */
  long brokerPid() {
    if (mosquitto != null) {
      return mosquitto.process().pid();
    }
    return ProcessHandle.of(hubPid).stream().flatMap(ProcessHandle::children)
        .filter(c -> c.info().command().map(x -> x.endsWith("mosquitto")).orElse(false))
        .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
  }

  int mqttPort() {
    return mqttPort;
  }

  /** The external broker, or null with --broker managed. */
  MosquittoProcess mosquitto() {
    return mosquitto;
  }

  Path log() {
    return hub.log();
  }

  /** Notes a phase's time window, so the profile can be split by phase. */
  void window(String phase, Instant from) {
    windows.add(new JfrHotMethods.Window(phase, from, Instant.now()));
  }

  /**
   * Like the harness's HubProcess, plus a chosen heap, optionally a heartbeat timeout and JFR.
   * With {@code --links tls} nothing of the hub's security is switched off: TLS on (its store
   * CA, HTTPS API, its Mosquitto on TLS), authentication on, anonymous MQTT refused, ACLs on.
   */
  void start() {
    int http = Ports.free();
    mqttPort = Ports.free();
    String brokerProp = "-Dbackroom.mqtt.port=" + mqttPort;
    Map<String, String> env = new HashMap<>(auth.environment());
    if (o.broker().equals("mosquitto")) {
      // The secured one (dynamic security, anonymous refused) unless links are plain.
      mosquitto = o.tls() ? MosquittoProcess.startSecured(dir.resolve("mosquitto"))
          : MosquittoProcess.start(dir.resolve("mosquitto"));
      mosquitto.hubSettings().forEach((k, v) ->
          env.put(k.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), v));
      mqttPort = mosquitto.port();
      brokerProp = "-Dbackroom.mqtt.url=" + mosquitto.uri();
    }
    List<String> jvm = new ArrayList<>();
    for (String opt : o.hubJavaOpts().trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        jvm.add(opt);
      }
    }
    if (o.hubXmx() != null) {
      jvm.add("-Xmx" + o.hubXmx()); // after the options: the last -Xmx counts
    }
    List<String> cmd = new ArrayList<>();
    if (o.profile()) {
      cmd.add("-XX:StartFlightRecording=name=scale,settings=profile");
      cmd.add("-XX:FlightRecorderOptions=stackdepth=256");
      cmd.add("-XX:NativeMemoryTracking=summary");
    }
    cmd.addAll(List.of("-Dbackroom.data-dir=" + dataDir(),
        "-Dquarkus.http.port=" + http, "-Dquarkus.http.host=127.0.0.1", brokerProp,
        // Any free port: the default 1884 may belong to another hub on this machine.
        "-Dbackroom.telemetry.port=0"));
    if (!o.tls()) {
      // --links plain, the old configuration, explicitly: no TLS, anonymous MQTT, no ACLs.
      cmd.addAll(List.of("-Dbackroom.tls.enabled=false", "-Dbackroom.mqtt.allow-anonymous=true"));
    }
    if (o.heartbeatTimeoutS() > 0) {
      cmd.add("-Dbackroom.devices.heartbeat-timeout=" + o.heartbeatTimeoutS() + "s");
    }
    cmd.addAll(List.of("-jar", Repo.hubJar().toString()));
    // As ./backroom hub runs it (see HUB_MALLOC_ARENA_MAX there).
    env.put("MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2"));
    hubArgs = cmd;
    hubEnv = env;
    hubJvm = jvm;
    api = o.tls() ? new HubApi("https://127.0.0.1:" + http, auth.adminToken(),
        dataDir().resolve("tls").resolve("ca.pem")) : new HubApi("http://127.0.0.1:" + http, auth.adminToken());
    launch();
    System.out.printf("  hub pid %d ready (%s, heartbeat timeout %s, broker port %d, links %s)%n",
        hubPid, String.join(" ", hubJvm), o.heartbeatTimeoutS() > 0 ? o.heartbeatTimeoutS() + " s"
            : "the hub's default, " + Liveness.HEARTBEAT_TIMEOUT_DEFAULT, mqttPort, o.links());
  }

  /**
   * Starts the hub as ./backroom hub does, class archive included ({@link ClassArchive}): the
   * first start writes it at its stop, the restart of the reconnect storm maps it.
   */
  private void launch() {
    List<String> cmd = new ArrayList<>(List.of(Repo.java()));
    cmd.addAll(ClassArchive.options(dataDir().resolve("cds"), "hub", Repo.hubJar(), hubJvm));
    cmd.addAll(hubArgs);
    hub = new ManagedProcess("hub", cmd, dir.resolve("hub/hub.log"), hubEnv);
    hub.start();
    hubPid = hub.process().pid();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (api.status("/q/health/ready") != 200) {
      if (!hub.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("hub not ready:\n" + hub.tail(40));
      }
      Scale.sleep(100);
    }
  }

  /**
   * Stops the hub as a service manager does (SIGTERM; its own Mosquitto goes with it), leaving
   * the fleet to find the broker gone.
   */
  void stopForRestart() {
    dumpProfile();
    hub.stop();
  }

  /** Starts it again after {@link #stopForRestart()}; returns once the API is ready. */
  void startAgain() {
    launch();
  }

  Path dataDir() {
    return dir.resolve("hub").toAbsolutePath();
  }

  /** Where the broker's mosquitto.conf and dynamic-security state are. */
  Path brokerDir() {
    return mosquitto != null ? dir.resolve("mosquitto") : dataDir().resolve("mosquitto");
  }

  /** Whether the agents' broker speaks TLS: the hub's own with TLS on; never the harness's external one. */
  boolean brokerTls() {
    return o.tls() && mosquitto == null;
  }

  /** With --profile, dumps the recording and prints the hot methods before stopping the hub. */
  void stop() {
    if (mosquitto != null) {
      mosquitto.stop();
    }
    if (hub == null) {
      return;
    }
    dumpProfile();
    hub.stop();
  }

  /** Once, before the first hub process stops: the phases' windows are all in its recording. */
  private void dumpProfile() {
    if (o.profile() && !profileDumped && hub.isAlive()) {
      profileDumped = true;
      Path jfr = dir.resolve("hub.jfr");
      if (jcmd("JFR.dump name=scale filename=" + jfr.toAbsolutePath(), dir.resolve("jfr-dump.txt"))
          && Files.exists(jfr)) {
        printProfile(jfr);
      }
    }
  }

  /** With --profile: where resident memory sits (heap, metaspace, threads, direct buffers...). */
  void dumpMemory() {
    if (o.profile()) {
      jcmd("VM.native_memory summary", dir.resolve("native-memory.txt"));
      jcmd("GC.heap_info", dir.resolve("heap-info.txt"));
    }
  }

  private boolean jcmd(String command, Path output) {
    try {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
          "jcmd").toString(), Long.toString(hubPid)));
      cmd.addAll(List.of(command.split(" ")));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      System.err.println("  jcmd failed: " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** With --profile: one thread dump a little after a phase starts, without blocking it. */
  void threadDumpLater(String name, long delayMs) {
    if (!o.profile()) {
      return;
    }
    Thread t = new Thread(() -> {
      Scale.sleep(delayMs);
      jcmd("Thread.print", dir.resolve("threads-" + name + ".txt"));
    }, "bench-thread-dump");
    t.setDaemon(true);
    t.start();
  }

  private void printProfile(Path jfr) {
    try {
      Map<String, JfrHotMethods.Profile> profiles = JfrHotMethods.read(jfr, windows);
      ObjectNode node = results.node().putObject("profile");
      StringBuilder text = new StringBuilder();
      profiles.forEach((phase, p) -> {
        text.append(String.format("%nhub profile, %s: %d samples (JFR, Java threads only)%n", phase, p.samples));
        text.append("  by thread:\n");
        JfrHotMethods.top(p.threads, p.samples, 6).forEach(l -> text.append("    ").append(l).append('\n'));
        text.append("  self (leaf method):\n");
        JfrHotMethods.top(p.leaves, p.samples, 12).forEach(l -> text.append("    ").append(l).append('\n'));
        text.append("  leaf <- nearest Backroom caller:\n");
        JfrHotMethods.top(p.callers, p.samples, 10).forEach(l -> text.append("    ").append(l).append('\n'));
        text.append("  Backroom methods on the stack (inclusive):\n");
        JfrHotMethods.top(p.backroom, p.samples, 15).forEach(l -> text.append("    ").append(l).append('\n'));
        ObjectNode ph = node.putObject(phase);
        ph.put("samples", p.samples);
        ph.putPOJO("threads", JfrHotMethods.top(p.threads, p.samples, 6));
        ph.putPOJO("self", JfrHotMethods.top(p.leaves, p.samples, 12));
        ph.putPOJO("leaf_by_caller", JfrHotMethods.top(p.callers, p.samples, 10));
        ph.putPOJO("backroom_inclusive", JfrHotMethods.top(p.backroom, p.samples, 15));
      });
      System.out.print(text);
      Files.writeString(dir.resolve("profile.txt"), text.toString());
      Files.writeString(dir.resolve("windows.txt"), windows.toString());
      results.write(); // again, now with the profile
    } catch (IOException e) {
      System.err.println("  cannot read " + jfr + ": " + e.getMessage());
    }
  }
}
