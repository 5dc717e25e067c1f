package dev.backroom.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.launcher.JavaOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** footprint.json: the figures, the goals of issue 17 and how the run was set up. */
final class FootprintResults {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);
  private final ObjectNode out = JSON.createObjectNode();
  private final ObjectNode hub = JSON.createObjectNode();
  private final ObjectNode agent = JSON.createObjectNode();
  private final ObjectNode cloud = JSON.createObjectNode();

  FootprintResults(FootprintOptions o, Map<String, String> env) {
    out.put("benchmark", "footprint");
    out.put("devices", o.devices());
    out.put("tasks", o.tasks());
    out.put("agent_containers", o.containers());
    ObjectNode setup = out.putObject("setup");
    setup.put("configuration", "production: TLS on, authentication on, anonymous MQTT off,"
        + " every device enrolled with its own credential, the hub's own Mosquitto");
    setup.put("simulated", "the " + o.devices() + " devices are simulated agents (real MQTT"
        + " clients over TLS; their container runtime is simulated); the agent is the real one"
        + " on the real Docker engine");
    setup.put("hub_java_opts", String.join(" ", JavaOptions.hub(env)));
    setup.put("hub_env", JavaOptions.hubEnvironment(env).toString());
    setup.put("agent_java_opts", String.join(" ", JavaOptions.agent(env)));
    setup.put("agent_env", JavaOptions.agentEnvironment(env).toString());
    setup.put("cloud_java_opts", String.join(" ", JavaOptions.cloud(env)));
    setup.put("class_archive", "hub and agent as the launcher runs them (launcher ClassArchive):"
        + " their first start writes an AppCDS archive at its clean stop and every later start"
        + " maps it; hub.first_start_s is that first start (new database, CA and archive), which"
        + " serves the fleet and the workload before its stop, as an appliance's first run serves"
        + " its store; the hub measured idle and every start_s are later starts. The agent's"
        + " first start stops once connected");
    setup.put("cloud_db", "H2 (the cloud's default)");
    setup.put("settle_s", o.settleS());
    setup.put("idle_s", o.idleS());
    ObjectNode t = out.putObject("targets");
    t.put("hub_plus_broker_rss_mb", 160);
    t.put("hub_plus_broker_idle_cpu_pct", 1.0);
    t.put("agent_rss_mb", 48);
    t.put("agent_idle_cpu_pct", 0.5);
    t.put("cloud_rss_mb", 256);
    t.put("hub_start_s", 3.0);
    t.put("agent_start_s", 1.0);
  }

  void hubFirstStartMs(double ms) {
    hub.put("first_start_s", round(ms / 1000, 2));
  }

  void hubRestartsMs(List<Double> ms) {
    hub.put("start_s", round(Stats.median(ms) / 1000, 2));
    hub.putPOJO("restarts_s", ms.stream().map(m -> round(m / 1000, 2)).toList());
  }

  void agentFirstStartMs(double ms) {
    agent.put("first_start_s", round(ms / 1000, 2));
  }

  void agentStartMs(double ms) {
    agent.put("start_s", round(ms / 1000, 2));
  }

  void cloudStartMs(double ms) {
    cloud.put("start_s", round(ms / 1000, 2));
  }

  void enrolmentS(double s) {
    out.put("enrolment_s", round(s, 1));
  }

  void workloadS(double s) {
    out.put("workload_running_s", round(s, 1));
  }

  void idle(IdleWindow w, long hubPid, long brokerPid, long agentPid) {
    out.put("hub_rss_mb", round(w.rssMb()[0], 1));
    out.put("broker_rss_mb", round(w.rssMb()[1], 1));
    out.put("hub_plus_broker_rss_mb", round(w.rssMb()[0] + w.rssMb()[1], 1));
    out.put("hub_idle_cpu_pct", round(w.cpuPct()[0], 2));
    out.put("broker_idle_cpu_pct", round(w.cpuPct()[1], 2));
    out.put("hub_plus_broker_idle_cpu_pct", round(w.cpuPct()[0] + w.cpuPct()[1], 2));
    out.put("agent_rss_mb", round(w.rssMb()[2], 1));
    out.put("agent_idle_cpu_pct", round(w.cpuPct()[2], 2));
    hub.put("rss_max_in_window_mb", round(w.rssMaxMb()[0], 1));
    hub.put("broker_rss_max_in_window_mb", round(w.rssMaxMb()[1], 1));
    agent.put("rss_max_in_window_mb", round(w.rssMaxMb()[2], 1));
    hub.put("peak_rss_mb", round(ProcStats.peakRssKb(hubPid) / 1024.0, 1));
    agent.put("peak_rss_mb", round(ProcStats.peakRssKb(agentPid) / 1024.0, 1));
    out.put("idle_window_s", round(w.seconds(), 1));
  }

  void cloud(IdleWindow w, long pid) {
    out.put("cloud_rss_mb", round(w.rssMb()[0], 1));
    out.put("cloud_idle_cpu_pct", round(w.cpuPct()[0], 2));
    cloud.put("peak_rss_mb", round(ProcStats.peakRssKb(pid) / 1024.0, 1));
  }

  void write(String file) throws IOException {
    out.put("hub_start_s", hub.path("start_s").asDouble());
    out.put("agent_start_s", agent.path("start_s").asDouble());
    out.set("hub", hub);
    out.set("agent", agent);
    out.set("cloud", cloud);
    ObjectNode met = out.putObject("goals_met");
    ObjectNode t = (ObjectNode) out.get("targets");
    t.fieldNames().forEachRemaining(k ->
        met.put(k, out.path(k).asDouble(Double.MAX_VALUE) <= t.get(k).asDouble()));
    BenchStamp.stamp(out);
    Path p = dev.backroom.harness.Repo.root().resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, JSON.writeValueAsString(out) + "\n");
    System.out.println(JSON.writeValueAsString(out));
    System.out.println("wrote " + p);
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }
}
