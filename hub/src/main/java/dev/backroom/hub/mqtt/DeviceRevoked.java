package dev.backroom.hub.mqtt;

/**
 * A device whose credential is being revoked, as the revocation hands it to the broker binding
 * ({@code HubMqtt.onRevoked}) inside its transaction: its sessions drop now, or nothing is revoked.
 */
public record DeviceRevoked(String deviceId) {}
