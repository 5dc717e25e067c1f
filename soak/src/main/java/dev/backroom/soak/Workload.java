package dev.backroom.soak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.HubApi;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The operator's steady work through the hub's API at seeded random moments: scale, roll to a new
 * task definition revision, create and delete a service, drain a device and release it. Each
 * acknowledged action updates the {@link Model}; each names the service (or the moves) it may
 * legitimately restart or replace containers of.
 */
final class Workload {
  static final String PLAIN = "plain";
  static final String FULL = "full";
  static final String EXTRA = "extra";

  private final RecordingApi api;
  private final Model model;
  private final List<String> devices;
  private final String run;
  private final Log log;
  final Map<String, Integer> actions = new TreeMap<>();

  Workload(RecordingApi api, Model model, List<String> devices, String run, Log log) {
    this.api = api;
    this.model = model;
    this.devices = devices;
    this.run = run;
    this.log = log;
  }

  /** Registers the families and creates the first two services; fails when the hub refuses. */
  void setUp() {
    model.services.put(PLAIN, new Model.Service(PLAIN, TaskDefinitions.PLAIN));
    model.services.put(FULL, new Model.Service(FULL, TaskDefinitions.FULL));
    model.services.put(EXTRA, new Model.Service(EXTRA, TaskDefinitions.PLAIN));
    for (String s : List.of(PLAIN, FULL)) {
      Model.Service m = model.service(s);
      m.roll = 1;
      m.revision = register(m.family, 1).orElseThrow(() -> new IllegalStateException(
          "the hub did not register " + m.family));
      m.desired = s.equals(PLAIN) ? 2 : 1;
      expect(api.post("/api/v1/services", serviceBody(m)), 201, "create " + s);
      m.exists = true;
    }
  }

  /** One random action; {@code attribute} receives the service name, or "*" for moves. */
  void act(Random r, Consumer<String> attribute) {
    int pick = r.nextInt(9);
    if (pick < 3) {
      scale(r, attribute);
    } else if (pick < 6) {
      roll(r, attribute);
    } else if (pick < 8) {
      createOrDelete(attribute);
    } else {
      drainOrRelease(r, attribute);
    }
  }

  private void count(String action) {
    actions.merge(action, 1, Integer::sum);
  }

  private void scale(Random r, Consumer<String> attribute) {
    Model.Service s = existing(r);
    int max = s.name.equals(FULL) ? 2 : 4;
    int min = s.name.equals(PLAIN) ? 0 : 1;
    int n = min + r.nextInt(max - min + 1);
    if (n == s.desired) {
      n = n == max ? min : n + 1;
    }
    int from = s.desired;
    s.desired = n;
    attribute.accept(s.name);
    log.line("workload: scale " + s.name + " " + from + " -> " + n);
    count("scale");
    settle(s, api.put("/api/v1/services/" + s.name, serviceBody(s)), 200);
  }

  private void roll(Random r, Consumer<String> attribute) {
    Model.Service s = existing(r);
    int roll = s.roll + 1;
    attribute.accept(s.name);
    log.line("workload: roll " + s.name + " to SOAK_ROLL=" + roll);
    count("roll");
    Optional<Integer> rev = register(s.family, roll);
    if (rev.isEmpty()) {
      s.uncertain = true;
      return;
    }
    s.revision = rev.get();
    s.roll = roll;
    settle(s, api.put("/api/v1/services/" + s.name, serviceBody(s)), 200);
  }

  private void createOrDelete(Consumer<String> attribute) {
    Model.Service s = model.service(EXTRA);
    attribute.accept(s.name);
    if (s.exists) {
      log.line("workload: delete service " + s.name);
      count("delete");
      s.exists = false;
      settle(s, api.delete("/api/v1/services/" + s.name), 204);
    } else {
      Model.Service plain = model.service(PLAIN);
      s.revision = plain.revision;
      s.roll = plain.roll;
      s.desired = 2;
      s.exists = true;
      log.line("workload: create service " + s);
      count("create");
      settle(s, api.post("/api/v1/services", serviceBody(s)), 201);
    }
  }

  private void drainOrRelease(Random r, Consumer<String> attribute) {
    attribute.accept("*");
    Optional<HubApi.Reply> reply;
    int want = 200;
    if (model.drained == null) {
      String d = devices.get(r.nextInt(devices.size()));
      log.line("workload: drain " + d);
      count("drain");
      model.drained = d;
      reply = api.post("/api/v1/devices/" + d + "/drain", "{\"reason\":\"soak " + run + "\"}");
    } else {
      log.line("workload: release " + model.drained);
      count("release");
      reply = api.post("/api/v1/devices/" + model.drained + "/release", "{}");
      model.drained = null;
    }
    if (reply.isEmpty()) {
      model.drainUncertain = true;
    } else {
      expect(reply, want, "drain/release");
    }
  }

  private Model.Service existing(Random r) {
    List<Model.Service> live = model.services.values().stream().filter(s -> s.exists).toList();
    return live.get(r.nextInt(live.size()));
  }

  private Optional<Integer> register(String family, int roll) {
    Optional<HubApi.Reply> r = api.post("/api/v1/task-definitions",
        TaskDefinitions.json(family, roll, run));
    if (r.isEmpty() || r.get().status() != 201) {
      r.ifPresent(x -> log.line("workload: register " + family + " answered " + x.status() + " "
          + x.body()));
      return Optional.empty();
    }
    return Optional.of(r.get().json().get("revision").asInt());
  }

  /** An unanswered call leaves the service uncertain; a wrong answer is a finding. */
  private void settle(Model.Service s, Optional<HubApi.Reply> r, int want) {
    if (r.isEmpty()) {
      s.uncertain = true;
    } else {
      expect(r, want, s.name);
    }
  }

  private void expect(Optional<HubApi.Reply> r, int want, String what) {
    if (r.isEmpty()) {
      throw new IllegalStateException("no answer from the hub to " + what);
    }
    if (r.get().status() != want) {
      unexpected.add(what + ": expected " + want + ", got " + r.get().status() + " "
          + r.get().body());
      log.line("workload: " + unexpected.get(unexpected.size() - 1));
    }
  }

  /** Answers other than the expected one (a 4xx to a valid call), for the API invariant. */
  final List<String> unexpected = new java.util.ArrayList<>();

  static String serviceBody(Model.Service s) {
    return "{\"serviceName\":\"" + s.name + "\",\"taskDefinition\":\"" + s.family + ":"
        + s.revision + "\",\"desiredCount\":" + s.desired + "}";
  }

  /** The hub's view of a service: {desiredCount, taskDefinition}, or null when it has none. */
  static JsonNode hubService(RecordingApi api, String name) {
    Optional<HubApi.Reply> r = api.get("/api/v1/services/" + name);
    if (r.isEmpty()) {
      throw new IllegalStateException("the hub did not answer GET /services/" + name);
    }
    return r.get().status() == 404 ? null : r.get().json();
  }
}
