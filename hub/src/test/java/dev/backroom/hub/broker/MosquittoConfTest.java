package dev.backroom.hub.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rendered mosquitto.conf for the settings the hub can be given. */
class MosquittoConfTest {
  private static final Path DIR = Path.of("/data/hub/mosquitto");
  private static final Path PLUGIN = Path.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so");
  private static final MosquittoSettings.Tls TLS = new MosquittoSettings.Tls(
      Path.of("/data/hub/tls/server.pem"), Path.of("/data/hub/tls/server-key.pem"),
      Path.of("/data/hub/tls/ca.pem"));

  record Case(String name, MosquittoSettings settings, List<String> present, List<String> absent) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static MosquittoSettings plain() {
    return MosquittoSettings.plain(DIR, "127.0.0.1", 1883);
  }

  static Stream<Case> cases() {
    List<String> always = List.of("user backroom", "per_listener_settings false",
        "plugin " + PLUGIN, "plugin_opt_config_file " + DIR.resolve("dynamic-security.json"),
        "persistence false", "max_queued_messages 100000", "max_inflight_messages 100",
        "max_packet_size " + (262_144 + 65_546), "sys_interval 0", "log_dest stdout",
        "log_type all", "log_timestamp false", "connection_messages true");
    return Stream.of(
        new Case("plain, loopback, credentials required", plain(),
            concat(always, "listener 1883 127.0.0.1", "allow_anonymous false"),
            List.of("certfile", "keyfile", "ciphers", "allow_anonymous true")),
        new Case("TLS on the asked address, AEAD only, TLS 1.2 at least",
            plain().withTls(TLS).withPort(8883),
            concat(always, "listener 8883 127.0.0.1", "certfile /data/hub/tls/server.pem",
                "keyfile /data/hub/tls/server-key.pem", "cafile /data/hub/tls/ca.pem",
                "tls_version tlsv1.2", "ciphers " + MosquittoConf.CIPHERS,
                "ciphers_tls1.3 " + MosquittoConf.CIPHERS_TLS13),
            List.of("listener 1883")),
        new Case("TLS plus the explicit plain listener, same address",
            new MosquittoSettings(DIR, "192.168.1.10", 8883, java.util.Optional.of(TLS),
                java.util.Optional.of(1883), false, 262_144, java.util.Optional.empty()),
            concat(always, "listener 8883 192.168.1.10", "listener 1883 192.168.1.10"),
            List.of("allow_anonymous true")),
        new Case("a plain port without TLS adds nothing", plain().withPlainPort(1884),
            concat(always, "listener 1883 127.0.0.1"), List.of("listener 1884")),
        new Case("allow-anonymous is said in the configuration",
            plain().withAllowAnonymous(true), concat(always, "allow_anonymous true"),
            List.of("allow_anonymous false")));
  }

  private static List<String> concat(List<String> a, String... more) {
    return Stream.concat(a.stream(), Stream.of(more)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renders(Case c) {
    List<String> lines = MosquittoConf.render(c.settings(), PLUGIN,
        DIR.resolve("dynamic-security.json"), "backroom").lines().toList();
    for (String p : c.present()) {
      assertTrue(lines.contains(p), () -> "missing '" + p + "' in " + lines);
    }
    for (String a : c.absent()) {
      assertFalse(lines.stream().anyMatch(l -> l.startsWith(a)), () -> "unexpected '" + a + "'");
    }
    // One listener per port asked for, never a wildcard the settings did not name.
    assertEquals(c.settings().tls().isPresent() && c.settings().plainPort().isPresent() ? 2 : 1,
        lines.stream().filter(l -> l.startsWith("listener ")).count());
    assertTrue(lines.stream().filter(l -> l.startsWith("listener "))
        .allMatch(l -> l.endsWith(" " + c.settings().host())));
  }

  @Test
  void portZero_mustBeResolvedFirst() {
    assertThrows(IllegalArgumentException.class, () -> MosquittoConf.render(
        plain().withPort(0), PLUGIN, DIR, "backroom"));
  }

  @Test
  void ciphers_areAllAeadWithForwardSecrecy() {
    for (String c : MosquittoConf.CIPHERS.split(":")) {
      assertTrue(c.startsWith("ECDHE-") && (c.contains("GCM") || c.contains("CHACHA20")), c);
    }
    // TLS 1.3's suites, ChaCha20-Poly1305 first (cheapest for Java under C1), AES-GCM kept.
    assertEquals(List.of("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384",
        "TLS_AES_128_GCM_SHA256"), List.of(MosquittoConf.CIPHERS_TLS13.split(":")));
  }
}
