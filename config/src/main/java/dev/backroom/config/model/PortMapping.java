package dev.backroom.config.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * ECS {@code portMappings} entry. In bridge mode a {@code hostPort} of 0 or none asks Docker for
 * an ephemeral port, reported back in the task's {@code networkBindings}; in host mode the
 * container listens on {@code containerPort} itself. {@code hostIp} is Backroom's own: the host
 * address Docker binds (bridge mode only), 0.0.0.0 when absent. {@code name} and
 * {@code appProtocol} name the port for ECS Service Connect and have no effect here.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PortMapping(
    Integer containerPort,
    Integer hostPort,
    String protocol,
    String hostIp,
    String name,
    String appProtocol,
    String containerPortRange) {

  public static final String TCP = "tcp";
  public static final String UDP = "udp";

  /** tcp unless udp is asked for, as in ECS. */
  @JsonIgnore
  public String protocolOrDefault() {
    return protocol == null ? TCP : protocol;
  }

  /** The host port a device must have free: 0 when Docker picks one. */
  @JsonIgnore
  public int staticHostPort(String networkMode) {
    if (TaskDefinition.HOST.equals(networkMode)) {
      return containerPort == null ? 0 : containerPort;
    }
    return hostPort == null ? 0 : hostPort;
  }

  public static PortMapping tcp(int containerPort, Integer hostPort) {
    return new PortMapping(containerPort, hostPort, null, null, null, null, null);
  }
}
