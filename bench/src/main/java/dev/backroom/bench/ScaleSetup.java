package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.mqtt.Liveness;

/**
 * The result file's {@code setup} block: the run's configuration, and in {@code
 * differs_from_production} every way it is not what a store runs. Only a run with TLS links and
 * the hub's own broker says {@code "production"} for its security configuration.
 */
final class ScaleSetup {
  private ScaleSetup() {}

  static void put(ObjectNode setup, ScaleOptions o, ScaleHub hub) {
    boolean managed = hub.mosquitto() == null;
    String security;
    if (!o.tls()) {
      security = "NOT the production configuration (--links plain): TLS off"
          + " (backroom.tls.enabled=false) and anonymous MQTT (backroom.mqtt.allow-anonymous=true,"
          + " anonymous clients may use any topic), devices not enrolled";
    } else if (managed) {
      security = "production: TLS on (the hub's store CA; HTTPS API; the hub's own Mosquitto on"
          + " TLS 1.2+, which the simulated agents reach trusting only the store CA, with host name"
          + " verification), authentication on, anonymous MQTT refused, ACLs enforced (Mosquitto"
          + " dynamic security, default deny), each device enrolled with its own credential"
          + " (activation, then POST /api/v1/device-registrations) and connecting with it";
    } else {
      security = "NOT the production configuration for MQTT (--broker mosquitto): the harness's"
          + " external Mosquitto has dynamic security (credentials, ACLs, anonymous refused) but a"
          + " plain TCP listener, so device links are not TLS; the hub's API is HTTPS, devices"
          + " enrolled with their own credentials";
    }
    setup.put("security", security);
    setup.put("links", o.links());
    setup.put("broker", o.broker());
    ArrayNode differs = setup.putArray("differs_from_production");
    differs.add("container runtime simulated: the devices are MQTT clients (vertx-mqtt) speaking"
        + " the agent's wire contract, every assigned task reports RUNNING at once, no Docker");
    differs.add("the simulated agents do not verify the hub's Ed25519 signature on assignments"
        + " (the real agent does, on the device's CPU; the hub signs as in production)");
    differs.add("hub, broker and all 1,000 devices on one machine over loopback, sharing its cores"
        + " with the bench (whose CPU is reported)");
    differs.add("the bench polls the REST API every " + o.pollMs() + " ms during the measured phases");
    if (!o.tls()) {
      differs.add("TLS off, anonymous MQTT without ACLs, no enrolment (--links plain)");
    } else if (!managed) {
      differs.add("device links to the external broker are plain TCP (with credentials and ACLs)");
    }
    if (o.profile()) {
      differs.add("hub recorded with JFR (--profile)");
    }
    if (!o.hubJavaOpts().equals(ScaleOptions.defaultHubJavaOpts()) || o.hubXmx() != null) {
      differs.add("hub JVM options other than ./backroom hub's");
    }
    if (o.heartbeatTimeoutS() > 0) {
      differs.add("hub heartbeat timeout " + o.heartbeatTimeoutS() + " s instead of its default");
    }
    setup.put("enrolment", o.tls() ? "one activation (maxUses " + o.devices() + "), "
        + o.enrolParallel() + " registrations at a time, the hub's production bcrypt cost; timed"
        + " as enrolment_s, not in the figures" : "none");
    setup.put("heartbeat_s", o.heartbeatS());
    setup.put("status_s", o.statusS());
    setup.put("keep_alive_s", o.keepAliveS());
    setup.put("hub_heartbeat_timeout", o.heartbeatTimeoutS() > 0 ? o.heartbeatTimeoutS() + "s"
        : Liveness.HEARTBEAT_TIMEOUT_DEFAULT + " (hub default)");
    setup.put("api_poll_ms", o.pollMs());
    setup.put("idle_s", o.idleS());
    setup.put("settle_s", o.settleS());
    setup.put("hub_java_opts", o.hubJavaOpts() + (o.hubXmx() == null ? "" : " -Xmx" + o.hubXmx()));
    setup.put("class_archive", "as ./backroom hub (launcher ClassArchive): the first start writes"
        + " it at its stop, before the reconnect storm; the storm's restart maps it");
    setup.put("hub_env", "MALLOC_ARENA_MAX=" + System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2"));
    setup.put("profiled", o.profile());
  }
}
