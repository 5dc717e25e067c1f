package dev.backroom.hub.mqtt;

/**
 * A device's new credential as the enrolment hands it to the broker binding
 * ({@code HubMqtt.onEnrolled}), inside the enrolment's transaction, so a broker that does not
 * take it fails the enrolment. The secrets are here only so a broker that must hold its own copy
 * (Mosquitto's dynamic security) can set them; never log or store them.
 */
public record DeviceEnrolled(String deviceId, String deviceSecret, String workloadSecret) {}
