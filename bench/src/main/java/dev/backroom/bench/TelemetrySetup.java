package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * telemetry.json's {@code setup} block: how each link of the run is secured, and in {@code
 * differs_from_production} every way the run is not what a store runs. Only {@code --links tls}
 * says {@code "production"} for the hub.
 */
final class TelemetrySetup {
  private TelemetrySetup() {}

  static void put(ObjectNode out, TelemetryOptions o) {
    ObjectNode setup = out.putObject("setup");
    setup.put("security", o.tls()
        ? "production for the hub: TLS on (backroom.tls.enabled default; the hub's store CA,"
            + " HTTPS API, TLS 1.2+ telemetry listener), authentication on (no anonymous"
            + " publishers), one device enrolled (activation, then POST"
            + " /api/v1/device-registrations) whose workload credential every publisher uses,"
            + " as the agent hands it to its containers"
        : "NOT the production configuration (--links plain): the hub's TLS off"
            + " (backroom.tls.enabled=false), so the API and the telemetry listener are plain;"
            + " authentication still on, publishers use an enrolled device's workload"
            + " credential");
    setup.put("links", o.links());
    ObjectNode links = setup.putObject("link");
    links.put("publishers_to_hub", "MQTT 3.1.1 QoS 1 into the hub's own telemetry listener"
        + " (in the hub process, no separate broker), " + (o.tls()
            ? "over TLS trusting only the store CA, host name verified" : "plain TCP")
        + ", workload credential; the listener takes it for telemetry publishes"
        + " (backroom/v1/telemetry/{stream}) only, nothing else");
    links.put("bench_to_hub_api", (o.tls() ? "HTTPS trusting only the store CA" : "plain HTTP")
        + ", the hub's admin bearer token (device enrolment, outbox polls, metrics)");
    links.put("hub_to_cloud", "plain HTTP on loopback to a real sync/cloud process (H2), store"
        + " credential from a real enrolment (an activation, then `backroom hub enroll`, or its"
        + " HTTP exchange when the launcher jar is not built)");
    links.put("baseline", "two Mosquittos and their QoS 1 bridge on loopback, plain TCP,"
        + " anonymous, no ACLs");
    setup.put("qos", 1);
    setup.put("broker", "publishers: the hub's telemetry listener, in the hub process (the hub's"
        + " own Mosquitto runs beside it for device links, " + (o.tls() ? "TLS" : "plain")
        + " with dynamic security, and carries no telemetry); baseline: two Mosquittos");
    ArrayNode differs = setup.putArray("differs_from_production");
    differs.add("the hub-to-cloud link is plain HTTP: the cloud serves TLS only with"
        + " quarkus.http.ssl.certificate.* set or behind a reverse proxy, neither of which the"
        + " bench sets up");
    differs.add("the publishers are the bench's own MQTT clients in one process, not containers"
        + " on devices; all on one machine over loopback, sharing its cores with the bench");
    differs.add("the telemetry outbox is raised to hold the whole run"
        + " (backroom.telemetry.outbox-max-bytes=" + o.outboxMaxBytes() + "), so that an"
        + " eviction cannot pass for loss");
    differs.add("the baseline bridge runs without TLS or credentials, so the hub carries TLS and"
        + " authentication costs that its baseline does not");
    if (!o.tls()) {
      differs.add("the hub's TLS off (--links plain)");
    }
    if (!o.hubProps().isEmpty()) {
      differs.add("hub properties set with --hub-prop: " + o.hubProps());
    }
    setup.put("hub_java_opts", o.hubJavaOpts());
    setup.put("cloud_java_opts", o.cloudJavaOpts());
  }
}
