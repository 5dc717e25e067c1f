package dev.backroom.sync.batch;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.backroom.sync.wire.DropCount;
import dev.backroom.sync.wire.IsoInstants;
import dev.backroom.sync.wire.SyncJson;
import dev.backroom.sync.wire.TelemetryBatch;
import dev.backroom.sync.wire.TelemetryMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Writes a telemetry batch straight from stored rows into its gzip body, in one pass with
 * Jackson's streaming generator: no {@link TelemetryMessage} records, no payload decoded into a
 * String and encoded back, no databind. The JSON is what {@code SyncJson.write} writes for the
 * equivalent {@link TelemetryBatch} (same fields, order and escapes), except that characters
 * outside the BMP stay raw UTF-8 instead of a escaped surrogate pair: the same JSON value. Usage: {@link #start}, {@link #message} per row, then {@link #finish}.
 */
public final class TelemetryBatchWriter {
  private final ByteArrayOutputStream bytes;
  private final JsonGenerator g;

  private TelemetryBatchWriter(long sequence, int level, int sizeHint) throws IOException {
    bytes = new ByteArrayOutputStream(Math.max(256, sizeHint));
    g = SyncJson.mapper().getFactory().createGenerator(Gzip.output(bytes, level),
        JsonEncoding.UTF8);
    g.writeStartObject();
    g.writeNumberField("sequence", sequence);
    g.writeArrayFieldStart("messages");
  }

  /** A batch {@code sequence} compressed at gzip {@code level}; sizeHint is the expected body. */
  public static TelemetryBatchWriter start(long sequence, int level, int sizeHint) {
    try {
      return new TelemetryBatchWriter(sequence, level, sizeHint);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not fail
    }
  }

  /** One message; payload as text when it is valid UTF-8, else as base64 (see TelemetryPayload). */
  public TelemetryBatchWriter message(String stream, long seq, long tsMillis, byte[] payload) {
    return message(stream, seq, Instant.ofEpochMilli(tsMillis), payload);
  }

  private TelemetryBatchWriter message(String stream, long seq, Instant ts, byte[] payload) {
    try {
      g.writeStartObject();
      g.writeStringField("stream", stream);
      g.writeNumberField("seq", seq);
      g.writeStringField("ts", IsoInstants.format(ts));
      if (TelemetryPayload.isText(payload)) {
        // Valid UTF-8 goes out as it is, escaped where JSON needs it; no String in between.
        g.writeFieldName("payload");
        g.writeUTF8String(payload, 0, payload.length);
      } else {
        g.writeStringField("payloadBase64", Base64.getEncoder().encodeToString(payload));
      }
      g.writeEndObject();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the messages, adds the drop counters and returns the gzip body. */
  public byte[] finish(List<DropCount> dropped) {
    try {
      g.writeEndArray();
      g.writeArrayFieldStart("dropped");
      for (DropCount d : dropped) {
        g.writeStartObject();
        g.writeStringField("stream", d.stream());
        g.writeStringField("reason", d.reason());
        g.writeNumberField("count", d.count());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      g.close(); // closes the gzip stream too, writing its trailer
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The gzip body of {@code batch}, as the hub stores and sends it. */
  public static byte[] write(TelemetryBatch batch, int level) {
    TelemetryBatchWriter w = start(batch.sequence(), level, 1024);
    for (TelemetryMessage m : batch.messages()) {
      w.message(m.stream(), m.seq(), m.ts(), TelemetryPayload.decode(m));
    }
    return w.finish(batch.dropped());
  }
}
