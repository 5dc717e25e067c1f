package dev.backroom.mqtt.transport;

import dev.backroom.mqtt.Topics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@link MqttTransport} on Eclipse Paho mqttv3. Reconnects with its own loop instead of Paho's
 * automatic reconnect, because Paho only retries after a first successful connect, and an agent
 * must start while the hub is down.
 */
public final class PahoMqttTransport implements MqttTransport {
  private static final Logger LOG = Logger.getLogger(PahoMqttTransport.class.getName());

  static {
    PahoKeepAliveLog.install();
  }

  private record Subscription(String filter, int qos, Handler handler) {}

  private final MqttOptions options;
  private final MqttAsyncClient client;
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final List<ConnectListener> listeners = new CopyOnWriteArrayList<>();
  private final List<DisconnectListener> disconnectListeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService connector;
  private volatile boolean closed;
  private volatile boolean everConnected;
  private final ReconnectBackoff backoff = new ReconnectBackoff();

  /**
   * @throws IllegalArgumentException for a bad URI, or an {@code ssl://} one without
   *     {@link MqttOptions#tls()} sockets (the JVM's default trust store is never used)
   */
  public PahoMqttTransport(MqttOptions options) {
    this.options = options;
    if (options.isTls() && options.tls() == null) {
      throw new IllegalArgumentException("MQTT over TLS (" + options.serverUri()
          + ") needs the store CA to trust: no pinned CA was given");
    }
    try {
      this.client = new MqttAsyncClient(options.serverUri(), options.clientId(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("bad MQTT server URI " + options.serverUri(), e);
    }
    this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mqtt-connect-" + options.clientId());
      t.setDaemon(true);
      return t;
    });
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        LOG.log(Level.INFO, "MQTT connection lost: {0}", String.valueOf(cause));
        for (DisconnectListener l : disconnectListeners) {
          l.onDisconnected();
        }
        scheduleConnect(0);
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        dispatch(topic, message);
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
  }

  @Override
  public void subscribe(String filter, int qos, Handler handler) {
    subscriptions.add(new Subscription(filter, qos, handler));
    if (client.isConnected()) {
      subscribeNow(new Subscription(filter, qos, handler));
    }
  }

  @Override
  public void onConnected(ConnectListener listener) {
    listeners.add(listener);
  }

  @Override
  public void onDisconnected(DisconnectListener listener) {
    disconnectListeners.add(listener);
  }

  @Override
  public void start() {
    scheduleConnect(0);
  }

  private void scheduleConnect(long delayMs) {
    if (!closed) {
      connector.schedule(this::connectOnce, delayMs, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void connectOnce() {
    if (closed || client.isConnected()) {
      return;
    }
    try {
      client.connect(connectOptions()).waitForCompletion(10_000);
      backoff.reset();
      for (Subscription s : subscriptions) {
        subscribeNow(s);
      }
      boolean reconnect = everConnected;
      everConnected = true;
      LOG.log(Level.INFO, "MQTT connected to {0}", options.serverUri());
      for (ConnectListener l : listeners) {
        l.onConnected(reconnect);
      }
    } catch (MqttException | RuntimeException e) {
      logConnectFailure(e);
      scheduleConnect(ReconnectBackoff.withJitter(
          backoff.afterFailure(ReconnectBackoff.refused(e)), ThreadLocalRandom.current().nextDouble()));
    }
  }

  private String lastTlsFailure;

  /**
   * A broker that cannot be reached is routine (FINE, retried); a TLS handshake that fails is a
   * trust problem that retrying will not fix, so it is a WARNING, once per distinct reason.
   */
  private void logConnectFailure(Exception e) {
    javax.net.ssl.SSLException tls = null;
    for (Throwable t = e; t != null && tls == null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException s) {
        tls = s;
      }
    }
    if (tls == null) {
      LOG.log(Level.FINE, "MQTT connect to {0} failed: {1}", new Object[] {options.serverUri(), e});
      return;
    }
    String reason = String.valueOf(tls.getMessage());
    if (!reason.equals(lastTlsFailure)) {
      lastTlsFailure = reason;
      LOG.log(Level.WARNING, "MQTT TLS handshake with {0} failed: {1} (is the broker''s"
          + " certificate signed by the pinned store CA, and for this host name?)",
          new Object[] {options.serverUri(), reason});
    }
  }

  private MqttConnectOptions connectOptions() {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setAutomaticReconnect(false);
    o.setKeepAliveInterval(options.keepAliveSeconds());
    o.setConnectionTimeout(5);
    o.setMaxInflight(1000);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    if (options.serverUri().startsWith("tcp://")) {
      o.setSocketFactory(new BufferedSocketFactory());
    } else if (options.tls() != null) {
      o.setSocketFactory(options.tls());
    }
    if (options.username() != null) {
      o.setUserName(options.username());
      o.setPassword(options.password());
    }
    if (options.willTopic() != null) {
      o.setWill(options.willTopic(), options.willPayload(), 1, true);
    }
    return o;
  }

  private void subscribeNow(Subscription s) {
    try {
      client.subscribe(s.filter(), s.qos()).waitForCompletion(10_000);
    } catch (MqttException e) {
      LOG.log(Level.WARNING, "MQTT subscribe to " + s.filter() + " failed", e);
    }
  }

  private void dispatch(String topic, MqttMessage message) {
    Message m = new Message(topic, message.getPayload(), message.isRetained());
    for (Subscription s : subscriptions) {
      if (Topics.matches(s.filter(), topic)) {
        try {
          s.handler().onMessage(m);
        } catch (RuntimeException e) {
          // A handler bug must not kill Paho's callback thread, which would stop all delivery.
          LOG.log(Level.WARNING, "handler for " + topic + " failed", e);
        }
      }
    }
  }

  @Override
  public boolean publish(String topic, byte[] payload, int qos, boolean retained) {
    for (int attempt = 0; attempt < 50; attempt++) {
      if (!client.isConnected()) {
        return false;
      }
      try {
        client.publish(topic, payload, qos, retained);
        return true;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
          LOG.log(Level.WARNING, "MQTT publish to " + topic + " failed", e);
          return false;
        }
        sleepQuietly(10);
      }
    }
    return false;
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void close() {
    closed = true;
    connector.shutdownNow();
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      LOG.log(Level.FINE, "disconnect failed", e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.log(Level.FINE, "close failed", e);
    }
  }


  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
