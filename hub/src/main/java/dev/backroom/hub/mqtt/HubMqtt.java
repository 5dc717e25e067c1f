package dev.backroom.hub.mqtt;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.broker.EmbeddedBroker;
import dev.backroom.mqtt.codec.MessageCodec;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.MqttTransport;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.jboss.logging.Logger;

/**
 * Owns the broker connection: starts the embedded Moquette unless an external broker is
 * configured, then connects the hub's own client to whichever broker is in use. Both setups
 * go through the same client, so they behave the same.
 */
@ApplicationScoped
public class HubMqtt {
  private static final Logger LOG = Logger.getLogger(HubMqtt.class);

  @Inject HubConfig config;

  private EmbeddedBroker broker;
  private MqttTransport transport;
  private MessageCodec codec;
  private String brokerUri;

  /** Starts the broker (if embedded) and the client; returns at once, connecting in background. */
  public void start(MqttTransport.ConnectListener onConnect, DeviceMessageIngest ingest) {
    codec = new MessageCodec(config.mqtt().maxPayloadBytes());
    if (config.mqtt().url().isPresent()) {
      brokerUri = config.mqtt().url().get();
      LOG.infof("using external MQTT broker %s", brokerUri);
    } else {
      int port = config.mqtt().port() == 0 ? freePort(config.mqtt().host()) : config.mqtt().port();
      broker = new EmbeddedBroker(config.mqtt().host(), port);
      broker.start(config.mqtt().maxPayloadBytes());
      brokerUri = broker.uri();
      LOG.infof("embedded MQTT broker listening on %s", brokerUri);
    }
    transport = new PahoMqttTransport(MqttOptions.of(brokerUri, "backroom-hub"));
    for (String kind : DeviceMessageIngest.KINDS) {
      transport.subscribe(Topics.allDevices(kind), 1, ingest::accept);
    }
    transport.onConnected(onConnect);
    transport.start();
  }

  public MessageCodec codec() {
    return codec;
  }

  public String brokerUri() {
    return brokerUri;
  }

  public boolean isConnected() {
    return transport != null && transport.isConnected();
  }

  /** Publishes a retained assignment; false when the broker is not reachable right now. */
  public boolean publishAssignment(Assignment a, long nowMillis) {
    byte[] payload = codec.encode(Topics.ASSIGNMENT, a.deviceId(), nowMillis, a);
    return transport != null && transport.publish(Topics.assignment(a.deviceId()), payload, 1, true);
  }

  public void stop() {
    if (transport != null) {
      transport.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
