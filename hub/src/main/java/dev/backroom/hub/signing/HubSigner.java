package dev.backroom.hub.signing;

import dev.backroom.mqtt.Topics;
import dev.backroom.mqtt.message.Assignment;
import dev.backroom.mqtt.message.DeviceCommand;
import dev.backroom.mqtt.signing.EnvelopeSigner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs what the hub sends devices. Assignments carry seq 0 (their generation orders them);
 * commands carry a sequence that grows with every command this epoch, so a device can refuse a
 * replayed one. Thread-safe; a caller that needs sequence order on the wire must sign and
 * publish under one lock (see {@code HubMqtt.publishCommand}).
 */
public final class HubSigner {
  private final HubSigningKey key;
  private final EnvelopeSigner signer;
  private final AtomicLong commandSeq = new AtomicLong();

  public HubSigner(HubSigningKey key, int maxBytes) {
    this.key = key;
    this.signer = new EnvelopeSigner(key.keys(), maxBytes, new BouncyCastleEd25519(key.keys()));
  }

  public byte[] assignment(Assignment a, long nowMillis) {
    // The epoch travels in the signed header; the body leaves it out.
    Assignment body = a.epoch() == null ? a : new Assignment(a.deviceId(), a.generation(), a.tasks());
    return signer.sign(Topics.ASSIGNMENT, a.deviceId(), nowMillis, key.epoch(), 0, body);
  }

  public byte[] command(DeviceCommand c, long nowMillis) {
    return signer.sign(Topics.COMMANDS, c.deviceId(), nowMillis, key.epoch(),
        commandSeq.incrementAndGet(), c);
  }

  public HubSigningKey key() {
    return key;
  }
}
