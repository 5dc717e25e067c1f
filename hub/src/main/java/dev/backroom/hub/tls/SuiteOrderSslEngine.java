package dev.backroom.hub.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.spi.tls.SslContextFactory;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's TLS engine for a Vert.x server, with its cipher suites in a fixed order of
 * preference. The JDK's server picks by its own order, but Vert.x 4 passes the enabled suites to
 * Netty through a HashSet, so the order a listener configures is lost and the suite chosen is
 * whichever the set's hashing puts first. Here the factory gets them back in {@code order}.
 */
public final class SuiteOrderSslEngine extends JdkSSLEngineOptions {
  private final List<String> order;

  /** {@code order}: the enabled suites, most preferred first. */
  public SuiteOrderSslEngine(List<String> order) {
    this.order = List.copyOf(order);
  }

  @Override
  public SuiteOrderSslEngine copy() {
    SuiteOrderSslEngine c = new SuiteOrderSslEngine(order);
    c.setPooledHeapBuffers(isPooledHeapBuffers());
    c.setUseWorkerThread(getUseWorkerThread());
    return c;
  }

  @Override
  public SslContextFactory sslContextFactory() {
    return new Ordered(super.sslContextFactory(), order);
  }

  /** Delegates everything, restoring the order of the suites it is given. */
  private static final class Ordered implements SslContextFactory {
    private final SslContextFactory delegate;
    private final List<String> order;

    Ordered(SslContextFactory delegate, List<String> order) {
      this.delegate = delegate;
      this.order = order;
    }

    @Override
    public SslContextFactory enabledCipherSuites(Set<String> suites) {
      if (suites == null || suites.isEmpty()) {
        delegate.enabledCipherSuites(suites);
        return this;
      }
      Set<String> ordered = new LinkedHashSet<>();
      order.stream().filter(suites::contains).forEach(ordered::add);
      ordered.addAll(suites); // any the order does not name, after it
      delegate.enabledCipherSuites(ordered);
      return this;
    }

    @Override
    public SslContextFactory useAlpn(boolean useAlpn) {
      delegate.useAlpn(useAlpn);
      return this;
    }

    @Override
    public SslContextFactory clientAuth(ClientAuth clientAuth) {
      delegate.clientAuth(clientAuth);
      return this;
    }

    @Override
    public SslContextFactory forClient(boolean forClient) {
      delegate.forClient(forClient);
      return this;
    }

    @Override
    public SslContextFactory keyMananagerFactory(KeyManagerFactory kmf) {
      delegate.keyMananagerFactory(kmf);
      return this;
    }

    @Override
    public SslContextFactory trustManagerFactory(TrustManagerFactory tmf) {
      delegate.trustManagerFactory(tmf);
      return this;
    }

    @Override
    public SslContextFactory applicationProtocols(List<String> protocols) {
      delegate.applicationProtocols(protocols);
      return this;
    }

    @Override
    public SslContextFactory serverName(String serverName) {
      delegate.serverName(serverName);
      return this;
    }

    @Override
    public SslContext create() throws SSLException {
      return delegate.create();
    }
  }
}
