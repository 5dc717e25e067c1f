package dev.backroom.hub.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code mosquitto.conf} for {@link MosquittoSettings}. Pure: the same settings give the
 * same text, and nothing here touches the disk.
 */
public final class MosquittoConf {
  /** TLS 1.2 suites with forward secrecy and AEAD only; TLS 1.3's own suites are all AEAD. */
  static final String CIPHERS = String.join(":",
      "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
      "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-AES128-GCM-SHA256",
      "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305");
  /**
   * TLS 1.3 suites in the broker's order of preference (OpenSSL picks by the server's order):
   * ChaCha20-Poly1305 first. The hub and its agents run Java under C1 only (the launcher's
   * TieredStopAtLevel=1), where AES-GCM has no intrinsics: measured on the hub's 2-core machine,
   * AES-256-GCM encrypts about 10 MB/s, ChaCha20-Poly1305 25-40 MB/s, and the hub's link to
   * its broker carries every assignment (10 full task definitions make one of ~15 KB) and every
   * report. A client without ChaCha20 still gets AES-GCM; all three are AEAD with 128-bit
   * security or more.
   */
  static final String CIPHERS_TLS13 = String.join(":", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256");
  /**
   * Per client. Mosquitto's default of 1000 silently drops QoS 1 messages to a slow client; the
   * hub's own client receives every device's reports and must never be the one that loses them.
   */
  static final int MAX_QUEUED_MESSAGES = 100_000;
  /** Per client; the default 20 throttles the hub's client under a burst of device reports. */
  static final int MAX_INFLIGHT_MESSAGES = 100;
  /** Room for the fixed header, the longest topic MQTT allows and a packet id. */
  static final int PACKET_OVERHEAD = 65_546;

  private MosquittoConf() {}

  /**
   * @param s the settings, with {@link MosquittoSettings#port()} already resolved (not 0)
   * @param plugin the dynamic-security plugin's shared object
   * @param dynsecFile the plugin's JSON state, which Mosquitto rewrites on every change
   * @param user the OS user Mosquitto stays (started as root it would switch to "mosquitto",
   *     which can neither read the 0600 files nor write the plugin's changes back)
   */
  public static String render(MosquittoSettings s, Path plugin, Path dynsecFile, String user) {
    if (s.port() == 0) {
      throw new IllegalArgumentException("resolve port 0 to a free port before rendering");
    }
    List<String> l = new ArrayList<>();
    l.add("# Written by the Backroom hub at every start; edits are lost.");
    l.add("user " + user);
    // One set of security settings for all listeners: the plugin and the anonymous rule below.
    l.add("per_listener_settings false");
    l.add("allow_anonymous " + s.allowAnonymous());
    l.add("plugin " + plugin);
    l.add("plugin_opt_config_file " + dynsecFile);
    l.add("listener " + s.port() + " " + s.host());
    s.tls().ifPresent(t -> {
      l.add("certfile " + t.serverChain());
      l.add("keyfile " + t.serverKey());
      l.add("cafile " + t.ca());
      l.add("tls_version tlsv1.2");
      l.add("ciphers " + CIPHERS);
      l.add("ciphers_tls1.3 " + CIPHERS_TLS13);
    });
    if (s.tls().isPresent() && s.plainPort().isPresent()) {
      l.add("listener " + s.plainPort().get() + " " + s.host());
    }
    // The hub republishes every retained assignment when its client reconnects, so a restarted
    // broker loses nothing the hub cannot restore, and nothing is written on every message.
    l.add("persistence false");
    l.add("max_queued_messages " + MAX_QUEUED_MESSAGES);
    l.add("max_inflight_messages " + MAX_INFLIGHT_MESSAGES);
    l.add("max_packet_size " + (s.maxPayloadBytes() + PACKET_OVERHEAD));
    // $SYS is denied to every client anyway (default deny, no role grants it); not computing it
    // saves a wake-up every interval.
    l.add("sys_interval 0");
    l.add("set_tcp_nodelay true");
    // Debug level is the only one that names a client's Will topic, which the hub checks
    // (MosquittoLog); the hub turns each line into its own log and events.
    l.add("log_dest stdout");
    l.add("log_type all");
    l.add("log_timestamp false");
    l.add("connection_messages true");
    return String.join("\n", l) + "\n";
  }
}
