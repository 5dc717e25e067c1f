package dev.backroom.mqtt.message;

/** A message body that names its device and can say what is wrong with it. */
public interface WireMessage {
  String deviceId();

  /** A plain reason when a structurally valid body is still unusable, else null. */
  default String problem() {
    return null;
  }
}
