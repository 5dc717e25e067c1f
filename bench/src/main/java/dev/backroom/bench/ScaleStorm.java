package dev.backroom.bench;

import static dev.backroom.bench.Scale.seconds;
import static dev.backroom.bench.ScaleResults.round2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.harness.HubApi;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The fleet's reconnect storm after a hub restart. The devices lost earlier come back first, so
 * the whole fleet is connected; then the hub is stopped as a service manager stops it (SIGTERM;
 * its own Mosquitto goes with it, so every device loses its connection and retries with the
 * agent's backoff) and started again on the same data directory. The clock starts when the new
 * hub process starts and stops when every device is connected and reporting: ACTIVE and
 * connected in {@code GET /api/v1/devices}, each simulated agent's status report sent on
 * reconnecting acknowledged by the broker, and the new hub's count of decoded status reports
 * ({@code backroom_mqtt_received_total{kind="status"}}, from zero in the new process) at least
 * the fleet's size. With an external broker the devices keep their connections (no storm): the
 * clock then stops when the API shows every device ACTIVE and connected again.
 */
final class ScaleStorm {
  private final ScaleOptions o;
  private final ScaleHub hub;
  private final ScaleResults results;

  ScaleStorm(ScaleOptions o, ScaleHub hub, ScaleResults results) {
    this.o = o;
    this.hub = hub;
    this.results = results;
  }

  /** Seconds from the new hub's start until all devices are connected and reporting; NaN on timeout. */
  double run(SimulatedFleet fleet, ScalePhases phases, Set<String> lost) throws InterruptedException {
    List<SimulatedAgent> back = fleet.agents().stream().filter(a -> lost.contains(a.deviceId)).toList();
    fleet.connect(back, "127.0.0.1", hub.mqttPort(), o.connectParallel(), o.timeoutS() * 1000L);
    phases.awaitAllActive(fleet);
    System.out.printf("  the %d lost devices are back: all %d ACTIVE; restarting the hub%n",
        back.size(), o.devices());
    Scale.sleep(3000);
    // With an external broker the devices keep their connections and have nothing new to report.
    boolean devicesReconnect = hub.mosquitto() == null;
    long reconnects0 = fleet.reconnects.get();
    long s0 = System.nanoTime();
    hub.stopForRestart();
    double stopS = seconds(s0);
    long t0 = System.nanoTime();
    hub.startAgain();
    double readyS = seconds(t0);
    long cpu0 = ProcStats.cpuTicks(hub.pid());
    // At most 2 minutes: a storm that long has failed its 10 s goal, and a report the hub missed
    // would otherwise be waited for until the device's next periodic one (up to --status-s).
    long deadline = t0 + TimeUnit.SECONDS.toNanos(Math.min(120, o.timeoutS()));
    Double apiS = null;
    Double countS = null;
    Double doneS = null;
    int connected = 0;
    int acked = 0;
    int active = 0;
    long statusCount = 0;
    while (System.nanoTime() < deadline) {
      connected = 0;
      acked = 0;
      for (SimulatedAgent a : fleet.agents()) {
        connected += a.connectedAtNanos > t0 ? 1 : 0;
        acked += a.connectStatusAckedAtNanos > t0 ? 1 : 0;
      }
      active = activeAndConnected();
      statusCount = statusReports(hub.api());
      double now = seconds(t0);
      if (apiS == null && active == o.devices()) {
        apiS = now;
      }
      if (countS == null && statusCount >= o.devices()) {
        countS = now;
      }
      boolean reported = !devicesReconnect
          || (connected == o.devices() && acked == o.devices() && countS != null);
      if (reported && apiS != null) {
        doneS = now;
        break;
      }
      Scale.sleep(o.pollMs());
    }
    double hubCpuS = (ProcStats.cpuTicks(hub.pid()) - cpu0) / (double) ProcStats.TICKS_PER_SECOND;
    long lastConnect = fleet.agents().stream().mapToLong(a -> a.connectedAtNanos).max().orElse(t0);
    long lastAck = fleet.agents().stream().mapToLong(a -> a.connectStatusAckedAtNanos).max().orElse(t0);
    ObjectNode s = results.node().putObject("reconnect_storm");
    s.put("hub_stop_s", round2(stopS));
    s.put("hub_ready_s", round2(readyS));
    s.put("last_device_connected_s", round2(Math.max(0, lastConnect - t0) / 1e9));
    // When the fleet came back, not only its last device: a late tail means backoff or refusals.
    List<Double> connectedS = fleet.agents().stream().filter(a -> a.connectedAtNanos > t0)
        .map(a -> (a.connectedAtNanos - t0) / 1e9).toList();
    if (!connectedS.isEmpty()) {
      ObjectNode q = s.putObject("device_connected_s");
      for (int pct : new int[] {10, 50, 90, 99}) {
        q.put("p" + pct, round2(Stats.percentile(connectedS, pct)));
      }
    }
    s.put("last_reconnect_status_acked_s", round2(Math.max(0, lastAck - t0) / 1e9));
    if (apiS != null) {
      s.put("api_all_active_and_connected_s", round2(apiS));
    }
    if (countS != null) {
      s.put("hub_status_reports_reached_devices_s", round2(countS));
    }
    s.put("hub_cpu_s", ScaleResults.round(hubCpuS));
    s.put("connect_retries", fleet.reconnects.get() - reconnects0);
    s.put("devices_reconnect", devicesReconnect);
    s.put("method", "hub stopped with SIGTERM (its own Mosquitto with it), started again on the"
        + " same data directory; clock from the new process's start; agents retry as the real"
        + " agent's transport does (at once, then 200 ms doubling, up to 2 s while the connection"
        + " is refused and 5 s after any other failure, plus up to half again of jitter); the hub"
        + " restarts with the class archive its first run wrote at its stop, as ./backroom hub"
        + " does");
    if (doneS == null) {
      s.put("timed_out", true);
      System.out.printf("  reconnect storm TIMED OUT: %d connected, %d reported, %d ACTIVE and"
          + " connected in the API, hub counted %d status reports%n", connected, acked, active,
          statusCount);
      return Double.NaN;
    }
    System.out.printf("  reconnect storm: all %d connected and reporting %.2f s after the hub's"
        + " start (stop took %.2f s, API ready at %.2f s, last device connected at %.2f s;"
        + " hub CPU %.1f s)%n", o.devices(), doneS, stopS, readyS,
        Math.max(0, lastConnect - t0) / 1e9, hubCpuS);
    return doneS;
  }

  private int activeAndConnected() {
    int n = 0;
    for (JsonNode d : getJson("/api/v1/devices")) {
      if (d.path("deviceId").asText().startsWith("sim-") && "ACTIVE".equals(d.path("status").asText())
          && d.path("agentConnected").asBoolean()) {
        n++;
      }
    }
    return n;
  }

  private JsonNode getJson(String path) {
    try {
      HubApi.Reply r = hub.api().get(path);
      return r.status() == 200 ? r.json() : dev.backroom.config.json.Json.mapper().createArrayNode();
    } catch (RuntimeException e) {
      return dev.backroom.config.json.Json.mapper().createArrayNode();
    }
  }

  /** The hub's backroom_mqtt_received_total{kind="status"}; 0 when unreadable. */
  static long statusReports(HubApi api) {
    try {
      return api.get("/q/metrics").body().lines()
          .filter(l -> l.startsWith("backroom_mqtt_received_total{") && l.contains("kind=\"status\""))
          .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .sum();
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
