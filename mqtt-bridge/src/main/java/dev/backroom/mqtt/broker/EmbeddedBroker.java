package dev.backroom.mqtt.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Moquette in the hub's process. Telemetry is always off (Moquette otherwise calls home) and the
 * default bind address is loopback. In-memory: the hub republishes retained assignments from its
 * own database on start, so the broker keeps nothing the hub cannot rebuild.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final Server server = new Server();
  private final String host;
  private final int port;
  private volatile boolean running;

  public EmbeddedBroker(String host, int port) {
    this.host = host;
    this.port = port;
  }

  public void start(int maxMessageBytes) {
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, host);
    p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
    p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
    p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(maxMessageBytes + 1024));
    p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
    // Native epoll where Netty ships it for this platform: at a thousand devices the NIO
    // selector was a visible share of an idle hub. Elsewhere Moquette stays on NIO.
    p.setProperty("netty.epoll", Boolean.toString(epollAvailable()));
    try {
      server.startServer(new MemoryConfig(p));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded MQTT broker on " + host + ":" + port, e);
    }
    running = true;
  }

  private static boolean epollAvailable() {
    try {
      return io.netty.channel.epoll.Epoll.isAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }

  public String uri() {
    return "tcp://" + host + ":" + port;
  }

  public boolean isRunning() {
    return running;
  }

  @Override
  public void close() {
    if (running) {
      running = false;
      server.stopServer();
    }
  }
}
