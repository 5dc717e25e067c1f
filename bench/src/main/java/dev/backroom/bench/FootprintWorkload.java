package dev.backroom.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;

/**
 * The store's work: {@code --tasks} tasks spread over the simulated devices (their runtime is
 * simulated: they report each task RUNNING), and {@code --containers} real containers on the
 * real agent, each a busybox that prints a line every few seconds, as a telemetry sidecar might.
 */
final class FootprintWorkload {
  private FootprintWorkload() {}

  static void run(HubProcess hub, String device, FootprintOptions o, FootprintFleet fleet,
      FootprintResults r) throws InterruptedException {
    long t0 = System.nanoTime();
    post(hub, "sidecar", "attribute:backroom.device-id == " + device, o.containers());
    if (o.tasks() > 0) {
      post(hub, "fleet", "attribute:bench.simulated == true", o.tasks());
    }
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (!running(hub, "sidecar", o.containers())
        || (o.tasks() > 0 && !running(hub, "fleet", o.tasks()))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the workload did not reach its counts within 180 s: "
            + Footprint.services(hub));
      }
      Thread.sleep(200);
    }
    r.workloadS(Footprint.ms(t0) / 1000);
    System.out.printf("  %d tasks on %d simulated devices and %d containers on the agent running"
        + " after %.1f s%n", o.tasks(), o.devices(), o.containers(), Footprint.ms(t0) / 1000);
  }

  private static void post(HubProcess hub, String name, String constraint, int count) {
    hub.api().post("/api/v1/task-definitions", """
        {"family":"%s","networkMode":"none","containerDefinitions":[{"name":"main",
         "image":"%s","memory":16,
         "command":["sh","-c","while true; do echo tick; sleep 5; done"]}]}
        """.formatted(name, DockerEngine.TEST_IMAGE)).expect(201);
    hub.api().post("/api/v1/services", """
        {"serviceName":"%s","taskDefinition":"%s","desiredCount":%d,
         "placementConstraints":[{"type":"memberOf","expression":"%s"}]}
        """.formatted(name, name, count, constraint)).expect(201);
  }

  private static boolean running(HubProcess hub, String service, int count) {
    JsonNode s = hub.api().get("/api/v1/services/" + service).json();
    return s.path("runningCount").asInt() == count;
  }
}
