package dev.backroom.mqtt.security;

/**
 * The broker's view of enrolled devices, kept in step by the hub: an account when a device
 * registers, none once it is revoked. One implementation per broker setup: the external
 * Mosquitto's ({@link MosquittoDynamicSecurity}) and the embedded broker's.
 *
 * <p>Implementations throw on failure (for Mosquitto {@link DynsecException}): a device the
 * broker does not know cannot connect, and a revocation the broker did not apply must not be
 * reported as done.
 */
public interface BrokerAccounts {

  /**
   * Lets {@code username}/{@code password} connect as device {@code deviceId}, with the device
   * role of the topic contract. Idempotent: a second call with the same arguments changes
   * nothing, and one with a new password replaces the old one.
   */
  void ensureDevice(String deviceId, String username, char[] password);

  /** Lets {@code username}/{@code password} publish telemetry only, on behalf of the device's workloads. */
  void ensureWorkload(String deviceId, String username, char[] password);

  /**
   * Removes every account of {@code deviceId} (device and workload): its open sessions are
   * dropped at once and it cannot connect again. A device without accounts is not an error.
   */
  void revokeDevice(String deviceId);
}
