package dev.backroom.sync.wire;

import java.util.List;

/** One upstream telemetry batch, on its own gapless sequence. Sent gzip-compressed. */
public record TelemetryBatch(long sequence, List<TelemetryMessage> messages, List<DropCount> dropped) {
  public TelemetryBatch {
    messages = messages == null ? List.of() : List.copyOf(messages);
    dropped = dropped == null ? List.of() : List.copyOf(dropped);
  }
}
