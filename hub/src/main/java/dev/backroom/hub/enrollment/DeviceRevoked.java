package dev.backroom.hub.enrollment;

/** CDI event fired after a device's credential was revoked: drop its sessions now. */
public record DeviceRevoked(String deviceId) {}
