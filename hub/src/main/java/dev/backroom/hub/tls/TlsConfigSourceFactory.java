package dev.backroom.hub.tls;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points Quarkus's HTTP server at the store CA's server certificate, so the API and UI are served
 * over HTTPS only: {@code quarkus.http.ssl-port} takes the value of {@code quarkus.http.port}
 * (one port, now TLS) and {@code quarkus.http.insecure-requests=disabled} leaves no plain
 * listener. A config source because the HTTP server reads its certificate files before any bean
 * runs. Nothing is produced with {@code backroom.tls.enabled=false} (plain HTTP, an explicit
 * choice).
 *
 * <p>The files are created lazily, when Quarkus first asks for them, so that merely building the
 * configuration (as the Quarkus build does) writes nothing. Ordinal 260: above
 * application.properties, below the environment and {@code -D}, so an operator can still point
 * the server at certificates of their own.
 */
public final class TlsConfigSourceFactory implements ConfigSourceFactory {
  static final String FILES = "quarkus.http.ssl.certificate.files";
  static final String KEY_FILES = "quarkus.http.ssl.certificate.key-files";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext ctx) {
    if (!Boolean.parseBoolean(value(ctx, "backroom.tls.enabled", "true"))) {
      // The Quarkus build runs this factory too, with TLS on, and records what it gave as
      // runtime defaults in the jar (the build machine's certificate paths, port 8080). Plain
      // must mask them, or a hub started plain would still serve HTTPS on 8080.
      Map<String, String> plain = new TreeMap<>();
      plain.put("quarkus.http.insecure-requests", "enabled");
      plain.put(FILES, "");
      plain.put(KEY_FILES, "");
      return List.of(new PlainSource(plain));
    }
    // Before the HTTP server builds its key store from the key file (InMemoryKeyStores says why).
    InMemoryKeyStores.fewRounds();
    Settings s = Settings.of(value(ctx, "backroom.data-dir", "./data/hub"),
        value(ctx, "backroom.tls.extra-names", ""),
        value(ctx, "backroom.tls.server-validity", "P397D"),
        value(ctx, "backroom.tls.renew-before", "P30D"));
    Map<String, String> fixed = new TreeMap<>();
    fixed.put("quarkus.http.insecure-requests", "disabled");
    fixed.put("quarkus.http.ssl-port", value(ctx, "quarkus.http.port", "8080"));
    fixed.put("quarkus.http.test-ssl-port", value(ctx, "quarkus.http.test-port", "8081"));
    // AEAD suites only, TLS 1.2 and 1.3 (TlsSuites says why).
    fixed.put("quarkus.http.ssl.protocols", String.join(",", TlsSuites.PROTOCOLS));
    fixed.put("quarkus.http.ssl.cipher-suites", String.join(",", TlsSuites.CIPHER_SUITES));
    return List.of(new Source(fixed, s));
  }

  private static String value(ConfigSourceContext ctx, String key, String fallback) {
    ConfigValue v = ctx.getValue(key);
    return v == null || v.getValue() == null ? fallback : v.getValue();
  }

  /** What the certificate is made from; the same parsing serves {@link StoreTls}. */
  record Settings(Path dir, List<String> names, Duration validity, Duration renewBefore) {
    static Settings of(String dataDir, String extraNames, String validity, String renewBefore) {
      return new Settings(Path.of(dataDir, "tls"), StoreCa.defaultNames(
          Arrays.stream(extraNames.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList()),
          duration(validity), duration(renewBefore));
    }

    StoreCa load() {
      return StoreCa.loadOrCreate(dir, names, Instant.now(), validity, renewBefore);
    }

    private static Duration duration(String v) {
      String t = v.trim().toUpperCase(java.util.Locale.ROOT);
      if (t.matches("\\d+D")) {
        return Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
      }
      return Duration.parse(t.startsWith("P") ? t : "PT" + t);
    }
  }

  /** TLS off: the empty certificate values hide any recorded at build time. */
  private record PlainSource(Map<String, String> values) implements ConfigSource {
    @Override
    public Set<String> getPropertyNames() {
      return values.keySet();
    }

    @Override
    public String getValue(String name) {
      return values.get(name);
    }

    @Override
    public int getOrdinal() {
      return 260;
    }

    @Override
    public String getName() {
      return "backroom-plain-http";
    }
  }

  private static final class Source implements ConfigSource {
    private final Map<String, String> fixed;
    private final Settings settings;
    private volatile StoreCa ca;

    Source(Map<String, String> fixed, Settings settings) {
      this.fixed = fixed;
      this.settings = settings;
    }

    @Override
    public Set<String> getPropertyNames() {
      Set<String> names = new java.util.TreeSet<>(fixed.keySet());
      names.add(FILES);
      names.add(KEY_FILES);
      return names;
    }

    @Override
    public String getValue(String name) {
      if (name.equals(FILES)) {
        return ca().serverChainFile().toAbsolutePath().toString();
      }
      if (name.equals(KEY_FILES)) {
        return ca().serverKeyFile().toAbsolutePath().toString();
      }
      return fixed.get(name);
    }

    private StoreCa ca() {
      StoreCa c = ca;
      if (c == null) {
        synchronized (this) {
          if (ca == null) {
            ca = settings.load();
          }
          c = ca;
        }
      }
      return c;
    }

    @Override
    public int getOrdinal() {
      return 260;
    }

    @Override
    public String getName() {
      return "backroom-store-tls";
    }
  }
}
