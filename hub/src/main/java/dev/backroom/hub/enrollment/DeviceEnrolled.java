package dev.backroom.hub.enrollment;

/**
 * CDI event fired (synchronously, inside the enrolment) once a device has a new credential. The
 * secrets are here only so a broker binding that must hold its own copy (Mosquitto's dynamic
 * security) can set them; never log or store them.
 */
public record DeviceEnrolled(String deviceId, String deviceSecret, String workloadSecret) {}
