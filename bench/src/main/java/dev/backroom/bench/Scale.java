package dev.backroom.bench;

import dev.backroom.config.json.Json;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.harness.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Scale: the real hub (its jar, as a process, with its own Mosquitto) against N SIMULATED
 * agents ({@link SimulatedFleet}: real MQTT clients, simulated container runtime). Measures how
 * long T tasks take from the first service POST to RUNNING as the API reports it, how long the
 * hub takes to put the tasks of 10 % abruptly lost devices back to RUNNING elsewhere, and the
 * hub's memory and idle CPU afterwards, and how long the whole fleet takes to be connected and
 * reporting again after a hub restart ({@link ScaleStorm}); against a transport floor measured in
 * the same run and configuration ({@link TransportBaseline}).
 *
 * <p>By default in the production configuration: TLS on, authentication on, anonymous MQTT
 * refused, ACLs enforced, every simulated device enrolled with its own credential
 * ({@link ScaleEnrolment}) and connecting over TLS ({@link FleetLinks}). {@code --links plain}
 * runs the old configuration, and the result file says so.
 *
 * <p>All waits are bounded; the run stops by itself. The bench shares the machine with the hub,
 * so its own CPU use is reported beside the hub's.
 *
 * <p>Options are in {@link ScaleOptions}, the hub process in {@link ScaleHub}, the measured
 * phases in {@link ScalePhases} and the result JSON in {@link ScaleResults}.
 */
public final class Scale {
  /** All tasks placed and acknowledged within this many times the same-run transport floor. */
  static final double TARGET_PLACE_RATIO = 2.5;
  static final double TARGET_RESCHEDULE_S = 1.5;
  static final double TARGET_RSS_MB = 400;
  static final double TARGET_IDLE_CPU_PCT = 3;
  static final double TARGET_RECONNECT_STORM_S = 10;

  private Scale() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(ScaleOptions.USAGE);
      return;
    }
    ScaleOptions o = ScaleOptions.parse(args);
    o.validate();
    String run = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Files.createDirectories(Repo.root().resolve("bench/target/runs/scale-" + run));
    run(o, dir);
  }

  private static void run(ScaleOptions o, Path dir) throws Exception {
    System.out.printf("scale: %d SIMULATED agents (real MQTT clients, simulated container runtime:"
        + " tasks report RUNNING at once, no Docker), %d tasks in %d services; run dir %s%n",
        o.devices(), o.tasks(), o.services(), dir);
    ScaleResults results = new ScaleResults(o);
    ScaleHub hub = new ScaleHub(o, dir, results);
    hub.start();
    long benchPid = ProcessHandle.current().pid();
    try {
      List<String> ids = SimulatedFleet.deviceIds(o.devices());
      FleetLinks links = FleetLinks.plain();
      if (o.tls()) {
        ScaleEnrolment.Result e = ScaleEnrolment.enrol(hub.api(), ids, o.enrolParallel(),
            o.timeoutS() * 1000L);
        if (hub.brokerTls() && e.caPem() == null) {
          throw new IllegalStateException("the registrations carried no store CA although TLS is on");
        }
        System.out.printf("  enrolled %d devices (one activation, %d registrations at a time):"
            + " %.1f s (setup, not in the figures)%n", ids.size(), o.enrolParallel(), e.seconds());
        results.node().put("enrolment_s", ScaleResults.round(e.seconds()));
        links = new FleetLinks(e.caPem(), e.credentials(), hub.brokerTls());
      }
      try (SimulatedFleet fleet = new SimulatedFleet(ids, links, o.heartbeatS() * 1000L,
          o.statusS() * 1000L, o.keepAliveS())) {
        measure(o, dir, hub, results, benchPid, fleet);
      }
    } finally {
      hub.stop();
    }
  }

  private static void measure(ScaleOptions o, Path dir, ScaleHub hub, ScaleResults results,
      long benchPid, SimulatedFleet fleet) throws Exception {
    ScalePhases phases = new ScalePhases(o, hub, results, benchPid);
    long t = System.nanoTime();
    fleet.connectAll("127.0.0.1", hub.mqttPort(), o.connectParallel(), o.timeoutS() * 1000L);
    phases.awaitAllActive(fleet);
    double connectS = seconds(t);
    System.out.printf("  %d agents connected and ACTIVE in the API after %.1f s%n", o.devices(), connectS);
    results.node().put("connect_s", ScaleResults.round(connectS));

    TaskDefinition td = Json.mapper().treeToValue(hub.api().post("/api/v1/task-definitions", """
        {"family":"scale","networkMode":"none","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":16,"command":["sleep","3600"]}]}""")
        .expect(201).json(), TaskDefinition.class);

    double baselineS = phases.baseline(fleet, td, dir.resolve("baseline-broker"));
    System.out.printf("  transport baseline: %d tasks' worth of assignments to %d devices and"
        + " their status back, through a copy of the hub's broker: %.3f s%n", o.tasks(),
        o.devices(), baselineS);
    Thread.sleep(1000);

    double placeS = phases.place(fleet);
    Set<String> lost = phases.loseDevices(fleet);
    double rescheduleS = phases.reschedule(fleet, lost);
    phases.verify(lost);
    ScalePhases.IdleFigures idle = phases.idle(fleet);
    double stormS = new ScaleStorm(o, hub, results).run(fleet, phases, lost);
    results.report(baselineS, placeS, rescheduleS, stormS, lost.size(), fleet, idle, hub);
  }

  static double seconds(long fromNanos) {
    return (System.nanoTime() - fromNanos) / 1e9;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
