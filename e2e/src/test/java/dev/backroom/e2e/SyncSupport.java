package dev.backroom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/** Fixtures and the shared assertions of the cloud sync ITs. */
final class SyncSupport {
  private SyncSupport() {}

  /**
   * Hub settings that make sync react in test time: short long-polls, reports every second,
   * retries capped at 2 s so a restored link is used at once, small telemetry batches so that a
   * backlog drains in several uploads. Given to the hub as environment variables, so a hub
   * that lacks one of these settings ignores it rather than refusing to start.
   */
  static Map<String, String> fastSyncHub() {
    Map<String, String> m = new TreeMap<>();
    m.put("backroom.sync.poll-wait", "5s");
    m.put("backroom.sync.report-interval", "1s");
    m.put("backroom.sync.request-timeout", "5s");
    m.put("backroom.sync.backoff-base", "200ms");
    m.put("backroom.sync.backoff-cap", "2s");
    m.put("backroom.telemetry.upload-interval", "200ms");
    m.put("backroom.telemetry.upload-timeout", "5s");
    m.put("backroom.telemetry.batch-max-messages", "200");
    return m;
  }

  static Path runDir(String name) {
    try {
      return Files.createDirectories(Repo.root().resolve("e2e/target/runs/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String serviceSpec(String name, String family, int desiredCount) {
    return "{\"serviceName\":\"" + name + "\",\"taskDefinition\":\"" + family
        + "\",\"desiredCount\":" + desiredCount + "}";
  }

  /** A task definition whose environment makes its JSON about kilobytes long. */
  static String bigTaskDefinition(String family, String word, int kilobytes) {
    ObjectNode td = (ObjectNode) CloudProcess.parse(StoreEndToEnd.taskDefinition(family, word));
    ArrayNode env = ((ObjectNode) td.get("containerDefinitions").get(0)).putArray("environment");
    for (int i = 0; i < kilobytes; i++) {
      env.addObject().put("name", "FILL_" + i).put("value", "v".repeat(1000));
    }
    return td.toString();
  }

  /** {@code GET /api/v1/sync} on the hub. */
  static JsonNode syncStatus(HubProcess hub) {
    return hub.api().get("/api/v1/sync").expect(200).json();
  }

  static long appliedRevision(HubProcess hub) {
    return syncStatus(hub).path("appliedRevision").asLong(-1);
  }

  /**
   * What the hub would run, from its own API: every task definition revision, and each service's
   * name, task definition and desired count (not its changing running state).
   */
  static String desiredOnHub(HubProcess hub) {
    JsonNode tds = hub.api().get("/api/v1/task-definitions").expect(200).json();
    List<String> services = new ArrayList<>();
    for (JsonNode s : hub.api().get("/api/v1/services").expect(200).json()) {
      services.add(s.path("serviceName").asText() + " " + s.path("taskDefinition").asText() + " x"
          + s.path("desiredCount").asInt() + " " + s.path("origin").asText());
    }
    services.sort(null);
    return "taskDefinitions=" + tds + "\nservices=" + services;
  }

  static JsonNode hubService(HubProcess hub, String name) {
    return hub.api().get("/api/v1/services/" + name).json();
  }

  /**
   * Every message the publisher sent to stream is in the cloud exactly once and in order: the
   * payloads' numbers are exactly 1..expected in that order, and the hub's seq only grows.
   */
  static void assertExactlyOnceInOrder(CloudProcess cloud, String storeId, String stream,
      int expected, String run) {
    List<JsonNode> msgs = cloud.telemetryAll(storeId, stream);
    List<Integer> ns = new ArrayList<>(msgs.size());
    long lastSeq = 0;
    for (JsonNode m : msgs) {
      JsonNode p = CloudProcess.parse(m.get("payload").asText());
      assertEquals(run, p.get("run").asText(), "a message of another run: " + m);
      ns.add(p.get("n").asInt());
      long seq = m.get("seq").asLong();
      assertTrue(seq > lastSeq, stream + ": seq " + seq + " after " + lastSeq);
      lastSeq = seq;
    }
    List<Integer> want = IntStream.rangeClosed(1, expected).boxed().toList();
    if (!want.equals(ns)) {
      throw new AssertionError(stream + ": expected n=1.." + expected + " once each in order, got "
          + ns.size() + " messages; first difference at index " + firstDifference(want, ns)
          + describeDuplicatesAndGaps(ns, expected));
    }
  }

  static int telemetryCount(CloudProcess cloud, String storeId, String stream) {
    return cloud.telemetryAll(storeId, stream).size();
  }

  private static int firstDifference(List<Integer> a, List<Integer> b) {
    int i = 0;
    while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
      i++;
    }
    return i;
  }

  private static String describeDuplicatesAndGaps(List<Integer> ns, int expected) {
    int[] seen = new int[expected + 2];
    for (int n : ns) {
      seen[Math.min(Math.max(n, 0), expected + 1)]++;
    }
    long dup = IntStream.rangeClosed(1, expected).filter(i -> seen[i] > 1).count();
    long missing = IntStream.rangeClosed(1, expected).filter(i -> seen[i] == 0).count();
    return " (" + dup + " duplicated, " + missing + " missing)";
  }

  /** The value of a Prometheus sample of the hub, summed over label sets; 0 when absent. */
  static double metric(HubProcess hub, String name) {
    String text = hub.api().get("/q/metrics").expect(200).body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

  /** Events of the cloud's report view for a store, whatever their nesting. */
  static List<JsonNode> reportedEvents(CloudProcess cloud, String storeId) {
    JsonNode r = cloud.storeReports(storeId);
    JsonNode events = r.has("events") ? r.get("events") : r.path("reports").path("events");
    List<JsonNode> out = new ArrayList<>();
    events.forEach(out::add);
    return out;
  }

  static String json(Object o) {
    return Json.write(o);
  }
}
