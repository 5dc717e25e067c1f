package dev.backroom.mqtt.message;

/** A sign of life; {@code generation} is the newest assignment the agent has applied. */
public record Heartbeat(String deviceId, long seq, long generation, int runningTasks) implements WireMessage {}
