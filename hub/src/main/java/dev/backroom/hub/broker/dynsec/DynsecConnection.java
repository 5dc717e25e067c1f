package dev.backroom.hub.broker.dynsec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.mqtt.transport.MqttTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Request and response over Mosquitto's {@code $CONTROL/dynamic-security/v1} topic: one command
 * per request, matched to its answer by {@code correlationData}. Every answer is checked; an
 * {@code error} in it becomes a {@link DynsecException}. Not to be called on the transport's
 * own thread, which delivers the answers.
 */
public final class DynsecConnection implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DynsecConnection.class.getName());

  private final ObjectMapper mapper = Json.mapper();
  private final MqttTransport transport;
  private final Duration timeout;
  private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();

  /** Subscribes to the answers; {@code transport} must not be started yet. */
  public DynsecConnection(MqttTransport transport, Duration timeout) {
    this.transport = transport;
    this.timeout = timeout;
    transport.subscribe(DynsecRoles.CONTROL_RESPONSE_TOPIC, 1, this::onResponse);
    // Listeners run after the subscriptions are restored, so an answer cannot be missed.
    transport.onConnected(reconnect -> firstConnect.complete(null));
  }

  public void start() {
    transport.start();
  }

  /** Waits for the first connection; false when it did not come within {@code wait}. */
  public boolean awaitConnected(Duration wait) {
    try {
      firstConnect.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean isConnected() {
    return transport.isConnected();
  }

  /** A command object with its name set; the caller adds the fields. */
  public ObjectNode command(String name) {
    return mapper.createObjectNode().put("command", name);
  }

  /** Sends one command and returns its answer's {@code data} (an empty object when it has none). */
  public JsonNode call(ObjectNode command) {
    String name = command.path("command").asText();
    String id = Long.toString(ids.incrementAndGet());
    command.put("correlationData", id);
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      byte[] body = mapper.writeValueAsBytes(
          mapper.createObjectNode().set("commands", mapper.createArrayNode().add(command)));
      if (!transport.publish(DynsecRoles.CONTROL_TOPIC, body, 1, false)) {
        throw new DynsecException(name, "not connected to the broker");
      }
      JsonNode response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      JsonNode error = response.get("error");
      if (error != null && !error.isNull()) {
        throw new DynsecException(name, error.asText());
      }
      JsonNode data = response.get("data");
      return data == null ? mapper.createObjectNode() : data;
    } catch (TimeoutException e) {
      throw new DynsecException(name, "no answer within " + timeout.toMillis()
          + " ms (is the dynamic-security plugin loaded, and may this client use "
          + DynsecRoles.CONTROL_TOPIC + "?)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DynsecException(name, "interrupted");
    } catch (IOException | ExecutionException e) {
      throw new DynsecException(name, String.valueOf(e));
    } finally {
      pending.remove(id);
    }
  }

  private void onResponse(MqttTransport.Message m) {
    try {
      for (JsonNode r : mapper.readTree(m.payload()).path("responses")) {
        CompletableFuture<JsonNode> f = pending.get(r.path("correlationData").asText(""));
        if (f != null) {
          f.complete(r);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "unreadable dynamic-security response", e);
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
