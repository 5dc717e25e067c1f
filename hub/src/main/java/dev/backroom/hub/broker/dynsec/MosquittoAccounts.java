package dev.backroom.hub.broker.dynsec;

import dev.backroom.hub.config.HubConfig;
import dev.backroom.mqtt.transport.MqttOptions;
import dev.backroom.mqtt.transport.PahoMqttTransport;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * The hub's management connection to the dynamic-security plugin of a Mosquitto an operator
 * runs ({@code backroom.mqtt.url} with {@code backroom.mqtt.dynsec.admin-username}). At start
 * it ensures, in the background and until it succeeds, default deny, the shared roles, the
 * hub's own client bound to client id {@code backroom-hub}, and no workload clients; the hub's
 * MQTT client meanwhile retries its connect, which the broker
 * refuses until its account exists. Device accounts are then made and removed on demand.
 */
public final class MosquittoAccounts implements BrokerAccounts {
  private static final Logger LOG = Logger.getLogger(MosquittoAccounts.class);
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final DynsecConnection conn;
  private final MosquittoDynamicSecurity dynsec;
  private final String hubUsername;
  private final char[] hubPassword;
  private final Thread ensurer;
  private volatile boolean ready;

  /** @param tls sockets for an {@code ssl://} broker (trusting only the configured CA); else null */
  public MosquittoAccounts(String url, HubConfig.Dynsec c, String hubUsername,
      char[] hubPassword, SSLSocketFactory tls) {
    this.hubUsername = hubUsername;
    this.hubPassword = hubPassword;
    MqttOptions admin = new MqttOptions(url, DynsecRoles.ADMIN_CLIENT_ID,
        c.adminUsername().orElseThrow(),
        c.adminPassword().orElseThrow(() -> new IllegalStateException(
            "backroom.mqtt.dynsec.admin-password is required with admin-username")).toCharArray(),
        10, null, null, tls);
    this.conn = new DynsecConnection(new PahoMqttTransport(admin), c.timeout());
    this.dynsec = new MosquittoDynamicSecurity(conn, PasswordProbe.connectingTo(url, tls));
    this.ensurer = new Thread(this::ensureUntilDone, "dynsec-ensure");
    ensurer.setDaemon(true);
  }

  public static boolean configured(HubConfig.Mqtt mqtt) {
    return mqtt.dynsec().adminUsername().isPresent();
  }

  public void start() {
    conn.start();
    ensurer.start();
  }

  /** True once the roles and the hub's client are in place. */
  public boolean isReady() {
    return ready;
  }

  private void ensureUntilDone() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        if (conn.awaitConnected(RETRY)) {
          dynsec.ensureBase(hubUsername, hubPassword);
          LOG.infof("Mosquitto dynamic security in place (%d changes made)", dynsec.changes());
          ready = true;
          return;
        }
        LOG.warn("cannot reach Mosquitto as the dynamic-security admin yet; retrying");
      } catch (DynsecException e) {
        LOG.errorf("Mosquitto dynamic security: %s; retrying in %s", e.getMessage(), RETRY);
        sleep(RETRY);
      }
    }
  }

  @Override
  public void ensureDevice(String deviceId, String username, char[] password) {
    dynsec.ensureDevice(deviceId, username, password);
  }

  @Override
  public void revokeDevice(String deviceId) {
    dynsec.revokeDevice(deviceId);
  }

  public void stop() {
    ensurer.interrupt();
    conn.close();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
