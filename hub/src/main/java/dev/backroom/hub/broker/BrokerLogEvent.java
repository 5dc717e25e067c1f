package dev.backroom.hub.broker;

import java.util.List;

/** What {@link MosquittoLog} reads out of Mosquitto's log lines. */
public sealed interface BrokerLogEvent {

  /** Mosquitto finished starting ("mosquitto version 2.0.11 running"). */
  record Running(String version) implements BrokerLogEvent {}

  /**
   * A client's CONNECT was accepted.
   *
   * @param username null for an anonymous client
   * @param will null when the client set none (or the broker does not log at debug level)
   */
  record Connected(String address, String clientId, String username, int keepAliveSeconds,
      Will will) implements BrokerLogEvent {}

  /** A Last Will as the CONNECT declared it; Mosquitto checks it only when it is due. */
  record Will(String topic, int qos, boolean retain, long bytes) {}

  /**
   * A CONNECT the broker refused (bad credentials, a client id its account may not use, a
   * disabled account). Mosquitto 2.0 names neither the client id nor the user name of a refused
   * connect, only the peer's host.
   */
  record ConnectRefused(String host, int returnCode) implements BrokerLogEvent {}

  /** A PUBLISH the ACL refused; Mosquitto answers it (PUBACK) and discards it. */
  record PublishDenied(String clientId, String topic, int qos, boolean retain)
      implements BrokerLogEvent {}

  /** Filters of one SUBSCRIBE the ACL refused (failure code 0x80 in the SUBACK). */
  record SubscribeDenied(String clientId, List<String> filters) implements BrokerLogEvent {}
}
