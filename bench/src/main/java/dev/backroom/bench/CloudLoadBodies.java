package dev.backroom.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The bodies a simulated store sends, shaped like the hub's (docs/sync-protocol.md): report
 * batches with full snapshots of the hub's device, task (with containers) and deployment views,
 * and gzip telemetry batches at the hub's level 1.
 */
final class CloudLoadBodies {
  private CloudLoadBodies() {}

  /** A report batch: snapshots always, {@code events} new events from {@code firstEventId}. */
  static byte[] report(String store, long seq, long firstEventId, int events, long revision,
      CloudLoadModel m) {
    String now = Instant.now().toString();
    StringBuilder b = new StringBuilder(16_384);
    b.append("{\"sequence\":").append(seq).append(",\"sentAt\":\"").append(now).append("\",\"devices\":[");
    for (int d = 0; d < m.devices(); d++) {
      b.append(d == 0 ? "" : ",").append("{\"deviceId\":\"").append(store).append("-dev").append(d)
          .append("\",\"name\":\"till-").append(d).append("\",\"state\":\"ACTIVE\",\"lastSeen\":\"")
          .append(now).append("\",\"agentVersion\":\"1.0.0\",\"dockerVersion\":\"24.0.7\",")
          .append("\"labels\":{\"role\":\"pos\",\"floor\":\"1\"},\"attributes\":{\"ecs.os-type\":")
          .append("\"linux\",\"ecs.cpu-architecture\":\"x86_64\"},\"cpuUnits\":4096,")
          .append("\"memoryMb\":7820,\"runningTasks\":").append(m.tasks() / Math.max(1, m.devices()))
          .append(",\"connectedSince\":\"").append(now).append("\"}");
    }
    b.append("],\"tasks\":[");
    for (int t = 0; t < m.tasks(); t++) {
      String id = store + "-task" + t;
      b.append(t == 0 ? "" : ",").append("{\"taskId\":\"").append(id).append("\",\"serviceName\":\"svc")
          .append(t % Math.max(1, m.deployments())).append("\",\"deviceId\":\"").append(store)
          .append("-dev").append(t % Math.max(1, m.devices())).append("\",\"taskFamily\":\"app-r0\",")
          .append("\"taskRevision\":").append(revision).append(",\"desiredStatus\":\"RUNNING\",")
          .append("\"lastStatus\":\"RUNNING\",\"healthStatus\":\"HEALTHY\",\"stoppedReason\":null,")
          .append("\"createdAt\":\"").append(now).append("\",\"updatedAt\":\"").append(now)
          .append("\",\"runningSince\":\"").append(now).append("\",\"generation\":3,\"containers\":[")
          .append("{\"name\":\"main\",\"containerId\":\"").append(Long.toHexString(id.hashCode()))
          .append("0123456789abcdef0123456789abcdef0123456789abcdef\",\"state\":\"running\",")
          .append("\"exitCode\":null,\"health\":\"healthy\",\"message\":null,\"networkBindings\":[{")
          .append("\"containerPort\":8080,\"hostPort\":").append(18080 + t)
          .append(",\"protocol\":\"tcp\",\"bindIP\":\"0.0.0.0\"}],\"startedAt\":\"").append(now)
          .append("\",\"finishedAt\":null}]}");
    }
    b.append("],\"deployments\":[");
    for (int d = 0; d < m.deployments(); d++) {
      b.append(d == 0 ? "" : ",").append("{\"deploymentId\":\"").append(store).append("-dep").append(d)
          .append("\",\"serviceName\":\"svc").append(d).append("\",\"status\":\"PRIMARY\",")
          .append("\"rolloutState\":\"COMPLETED\",\"taskDefinition\":\"app-r0:").append(revision)
          .append("\",\"desiredCount\":4,\"runningCount\":4,\"pendingCount\":0,\"failedTasks\":0,")
          .append("\"createdAt\":\"").append(now).append("\",\"updatedAt\":\"").append(now).append("\"}");
    }
    b.append("],\"events\":[");
    for (int e = 0; e < events; e++) {
      b.append(e == 0 ? "" : ",").append("{\"eventId\":").append(firstEventId + e).append(",\"at\":\"")
          .append(now).append("\",\"kind\":\"task-health-changed\",\"actor\":\"system\",")
          .append("\"origin\":\"system\",\"serviceName\":\"svc0\",\"taskId\":\"").append(store)
          .append("-task0\",\"deviceId\":\"").append(store).append("-dev0\",\"reason\":null,")
          .append("\"message\":\"task ").append(store).append("-task0 health HEALTHY -> HEALTHY after a")
          .append(" probe, revision ").append(revision).append("\"}");
    }
    b.append("],\"audit\":[]}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A gzip telemetry batch of {@code count} messages spread round-robin over the streams, whose
   * next seqs are {@code nextSeq} (advanced here).
   */
  static byte[] telemetry(long seq, int count, long[] nextSeq, CloudLoadModel m) {
    long now = System.currentTimeMillis();
    StringBuilder b = new StringBuilder(count * (m.payloadBytes() + 80) + 64);
    b.append("{\"sequence\":").append(seq).append(",\"messages\":[");
    for (int i = 0; i < count; i++) {
      int s = i % nextSeq.length;
      String ts = Instant.ofEpochMilli(now - (count - i) * 1000L / Math.max(1, count)).toString();
      b.append(i == 0 ? "" : ",").append("{\"stream\":\"sensors.s").append(s).append("\",\"seq\":")
          .append(nextSeq[s]++).append(",\"ts\":\"").append(ts).append("\",\"payload\":")
          .append(quoted(payload(m.payloadBytes(), now + i))).append('}');
    }
    b.append("],\"dropped\":[]}");
    return gzip(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A sensor reading of about {@code bytes} bytes of JSON text. */
  private static String payload(int bytes, long n) {
    StringBuilder p = new StringBuilder("{\"temp\":").append(18 + n % 7).append('.').append(n % 10)
        .append(",\"humidity\":").append(40 + n % 13).append(",\"door\":\"closed\",\"fridge\":\"ok\",")
        .append("\"readings\":[");
    int i = 0;
    while (p.length() < bytes - 8) {
      p.append(i == 0 ? "" : ",").append((n * 31 + i * 7) % 1000);
      i++;
    }
    return p.append("]}").toString();
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static byte[] gzip(byte[] json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 3 + 64);
    try (GZIPOutputStream g = new GZIPOutputStream(out) {
      {
        def.setLevel(Deflater.BEST_SPEED); // the hub's backroom.telemetry.gzip-level default
      }
    }) {
      g.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static int sampleReportBytes(CloudLoadModel m) {
    return report("sim-00000", 1, 1, 0, 1, m).length;
  }

  static int sampleTelemetryBytes(CloudLoadModel m) {
    int count = (int) Math.round(m.telemetryMsgsPerS() * m.telemetryIntervalS());
    return telemetry(1, count, new long[m.telemetryStreams()], m).length;
  }
}
