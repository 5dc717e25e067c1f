package dev.backroom.hub.tls;

import dev.backroom.hub.store.SchemaMigration;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Vert.x builds a TLS listener's Netty context at its first connection, and Netty's server
 * context class, when first initialised, parses a key of its own through Bouncy Castle, which is
 * on the hub's class path (for the store CA): constructing the full Bouncy Castle provider cost
 * the first API request (the readiness probe's) about 0.3 s on a store box, and the telemetry
 * listener's first client the same. This initialises that class on a thread of its own at the
 * start, while the database is migrated. Nothing depends on it: a failure is only logged.
 */
@ApplicationScoped
public class ServerTlsWarmup {
  private static final Logger LOG = Logger.getLogger(ServerTlsWarmup.class);
  static final String NETTY_SERVER_CONTEXT = "io.netty.handler.ssl.JdkSslServerContext";

  @Inject StoreTls tls;

  void onStart(@Observes @Priority(SchemaMigration.PRIORITY - 100) StartupEvent e) {
    if (!tls.enabled()) {
      return;
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Thread t = new Thread(() -> {
      try {
        Class.forName(NETTY_SERVER_CONTEXT, true, loader);
      } catch (ClassNotFoundException | LinkageError ex) {
        LOG.debugf("TLS warm-up: %s", ex.toString());
      }
    }, "tls-warmup");
    t.setDaemon(true);
    t.start();
  }
}
