package dev.backroom.hub.broker.dynsec;

/**
 * The broker's view of enrolled devices, kept in step by the hub: an account when a device
 * registers, none once it is revoked. One implementation per broker setup: the external
 * Mosquitto's dynamic security ({@link MosquittoDynamicSecurity}), the hub's own Mosquitto
 * and an external one alike.
 *
 * <p>Workload credentials are not broker accounts: workloads publish telemetry to the hub's own
 * telemetry listener only, and a broker account that is not bound to one client id could
 * connect with any client id and take over that session (Mosquitto lets it).
 *
 * <p>Implementations throw on failure (for Mosquitto {@link DynsecException}): a device the
 * broker does not know cannot connect, and a revocation the broker did not apply must not be
 * reported as done.
 */
public interface BrokerAccounts {

  /**
   * Lets {@code username}/{@code password} connect as device {@code deviceId} (client id
   * {@code agent-{id}} only), with the device role of the topic contract. Call it when a device
   * registers: it replaces any earlier password and drops the sessions that used it; roles and
   * ACLs already right are left alone.
   */
  void ensureDevice(String deviceId, String username, char[] password);

  /**
   * Removes the account of {@code deviceId}: its open session is dropped at once and it cannot
   * connect again. A device without an account is not an error.
   */
  void revokeDevice(String deviceId);
}
