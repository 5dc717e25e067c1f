package dev.backroom.agent.loop;

import dev.backroom.mqtt.message.StatusReport;

/** Where status reports go (the hub link); returns false when it could not send right now. */
@FunctionalInterface
public interface StatusSink {
  boolean publishStatus(StatusReport report);
}
