package dev.backroom.bench;

import static dev.backroom.bench.Scale.TARGET_IDLE_CPU_PCT;
import static dev.backroom.bench.Scale.TARGET_PLACE_RATIO;
import static dev.backroom.bench.Scale.TARGET_RECONNECT_STORM_S;
import static dev.backroom.bench.Scale.TARGET_RESCHEDULE_S;
import static dev.backroom.bench.Scale.TARGET_RSS_MB;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The scale run's result JSON (bench/results/scale.json by default) and its console summary. */
final class ScaleResults {
  private final ScaleOptions o;
  private ObjectNode out = Json.mapper().createObjectNode();

  ScaleResults(ScaleOptions o) {
    this.o = o;
  }

  /**
   * The node results go into: the phases' details until {@link #report} runs, then the reordered
   * whole, so a later addition (the profile) still lands in what {@link #write} writes.
   */
  ObjectNode node() {
    return out;
  }

  void report(double baselineS, double placeS, double rescheduleS, double stormS, int lostDevices,
      SimulatedFleet fleet, ScalePhases.IdleFigures idle, ScaleHub hub) throws IOException {
    ObjectNode details = out;
    out = Json.mapper().createObjectNode(); // headline figures first, details after
    out.put("benchmark", "scale");
    out.put("simulated_runtime", true);
    out.put("simulation", "agents are real MQTT clients (vertx-mqtt) speaking the agent wire contract;"
        + " their container runtime is simulated: every assigned task reports RUNNING at once");
    out.put("devices", o.devices());
    out.put("tasks", o.tasks());
    out.put("services", o.services());
    putFigure("place_all_s", placeS);
    putFigure("reschedule_s", rescheduleS);
    out.put("hub_rss_mb", round(idle.rssMb()));
    out.put("hub_rss_peak_mb", round(idle.peakRssMb()));
    out.put("hub_idle_cpu_pct", round(idle.idleCpuPct()));
    out.put("hub_settle_cpu_pct", round(idle.settleCpuPct()));
    out.put("baseline_s", Math.round(baselineS * 1000) / 1000.0);
    double ratio = placeS / baselineS;
    putFigure("ratio", Double.isNaN(placeS) ? Double.NaN : Math.round(ratio * 100) / 100.0);
    putFigure("reconnect_storm_s", stormS);
    double afterDetection = details.path("reschedule").path("after_detection_s").asDouble(Double.NaN);
    out.put("baseline", "on a copy of the hub's broker (same Mosquitto configuration, TLS"
        + " certificate, accounts and ACLs, another port), one client with the hub's role publishes"
        + " T tasks' worth of retained QoS 1 assignments on the devices' real assignment topics;"
        + " each device, connected with its own credential and link options, answers with a status"
        + " report on its real status topic; the clock stops when all N reports are back"
        + " (transport floor)");
    out.put("lost_devices", lostDevices);
    out.put("loss_method", "TCP connection closed without MQTT DISCONNECT (like kill -9); the broker"
        + " publishes each device's retained last will (lifecycle offline)");
    ObjectNode targets = out.putObject("targets");
    targets.put("ratio", TARGET_PLACE_RATIO);
    targets.put("reschedule_after_detection_s", TARGET_RESCHEDULE_S);
    targets.put("hub_rss_mb", TARGET_RSS_MB);
    targets.put("hub_idle_cpu_pct", TARGET_IDLE_CPU_PCT);
    targets.put("reconnect_storm_s", TARGET_RECONNECT_STORM_S);
    ObjectNode met = out.putObject("targets_met");
    met.put("ratio", ratio <= TARGET_PLACE_RATIO);
    met.put("reschedule_after_detection_s", afterDetection < TARGET_RESCHEDULE_S);
    met.put("hub_rss_mb", idle.rssMb() < TARGET_RSS_MB);
    met.put("hub_idle_cpu_pct", idle.idleCpuPct() < TARGET_IDLE_CPU_PCT);
    met.put("reconnect_storm_s", stormS < TARGET_RECONNECT_STORM_S);
    ScaleSetup.put(out.putObject("setup"), o, hub);
    ObjectNode agents = out.putObject("agents");
    agents.put("assignments_received", fleet.assignmentsReceived.get());
    agents.put("assignments_rejected", fleet.rejected.get());
    agents.put("status_reports_sent", fleet.statusSent.get());
    agents.put("keep_alive_pings_sent", fleet.pingsSent.get());
    agents.put("publish_failures", fleet.publishFailures.get());
    agents.put("reconnects", fleet.reconnects.get());
    com.fasterxml.jackson.databind.node.ObjectNode why = agents.putObject("connect_failures_by_reason");
    new java.util.TreeMap<>(fleet.connectFailures).forEach((k, v) -> why.put(k, v.sum()));
    out.putPOJO("hub_mqtt_dropped", droppedCounters(hub));
    out.put("hub_log_warn_or_error_lines", countLogLines(hub));
    out.setAll(details);
    BenchStamp.stamp(out);
    out.put("java", System.getProperty("java.version"));
    out.put("hub_jar_modified", Files.getLastModifiedTime(Repo.hubJar()).toInstant().toString());
    Path file = write();

    System.out.printf("%nscale (SIMULATED container runtime), %d devices, %d tasks, links %s%n",
        o.devices(), o.tasks(), o.links());
    System.out.printf("  place_all_s       %8.2f   ratio %.2f to the transport floor, target <= %.1f%n",
        placeS, ratio, TARGET_PLACE_RATIO);
    System.out.printf("  baseline_s        %8.3f   transport floor, same run and configuration%n",
        baselineS);
    System.out.printf("  reschedule_s      %8.2f   (%.2f s after detection; target < %.1f s after detection)%n",
        rescheduleS, afterDetection, TARGET_RESCHEDULE_S);
    System.out.printf("  reconnect_storm_s %8.2f   target < %.0f s%n", stormS, TARGET_RECONNECT_STORM_S);
    System.out.printf("  hub_rss_mb        %8.1f   target < %.0f MB (peak %.1f MB)%n", idle.rssMb(),
        TARGET_RSS_MB, idle.peakRssMb());
    System.out.printf("  hub_idle_cpu_pct  %8.1f   target < %.0f %% of one core%n", idle.idleCpuPct(),
        TARGET_IDLE_CPU_PCT);
    System.out.println("  written to " + file);
  }

  Path write() throws IOException {
    Path file = o.out() != null ? Path.of(o.out()) : Repo.root().resolve("bench/results/scale.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    return file;
  }

  private void putFigure(String name, double v) {
    if (Double.isNaN(v)) {
      out.putNull(name);
    } else {
      out.put(name, round2(v));
    }
  }

  /** backroom_mqtt_dropped_total lines from /q/metrics: messages the hub shed or rejected. */
  private static ArrayNode droppedCounters(ScaleHub hub) {
    ArrayNode a = Json.mapper().createArrayNode();
    try {
      hub.api().get("/q/metrics").body().lines()
          .filter(l -> l.startsWith("backroom_mqtt_dropped_total")).forEach(a::add);
    } catch (RuntimeException e) {
      a.add("unavailable: " + e.getMessage());
    }
    return a;
  }

  private static long countLogLines(ScaleHub hub) {
    try {
      return Files.readAllLines(hub.log()).stream()
          .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }

  static double round2(double v) {
    return Math.round(v * 100.0) / 100.0;
  }
}
