package dev.backroom.hub.telemetry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code backroom.telemetry.*} setting. Test overrides sit beside the defaults in
 * application.properties.
 */
@ConfigMapping(prefix = "backroom.telemetry")
public interface TelemetryConfig {

  /** Run the telemetry listener, writer and uploader at all. */
  @WithDefault("true")
  boolean enabled();

  /** Bind address of the telemetry listener; loopback unless workloads sit on the store LAN. */
  @WithDefault("127.0.0.1")
  String host();

  /** Port of the telemetry listener; 0 picks a free one (tests). */
  @WithDefault("1884")
  int port();

  /** Bound of the outbox; past it, expired messages go first, then lowest priority, oldest. */
  @WithName("outbox-max-bytes")
  @WithDefault("268435456")
  long outboxMaxBytes();

  /** Largest accepted payload; bigger ones are dropped and counted, the connection stays. */
  @WithName("max-message-bytes")
  @WithDefault("262144")
  int maxMessageBytes();

  /** Per-stream policy, keyed by stream name: {@code streams."<stream>".priority|ttl}. */
  Map<String, Stream> streams();

  /** TTL of messages of a stream without its own. */
  @WithName("default-ttl")
  @WithDefault("7d")
  Duration defaultTtl();

  /**
   * At most this many messages per upload batch. Larger batches share each round trip, durable
   * commit and store-row lock of the cloud among more messages, and deflate better.
   */
  @WithName("batch-max-messages")
  @WithDefault("10000")
  int batchMaxMessages();

  /**
   * At most about this many bytes of JSON per upload batch, before gzip (estimated with payloads
   * as base64, so real batches stay below it; the cloud refuses bodies past 8 MiB compressed and
   * 16 MiB decompressed).
   */
  @WithName("batch-max-bytes")
  @WithDefault("4194304")
  int batchMaxBytes();

  /**
   * Deflate level of upload batches, 1 (fastest) to 9 (smallest). At 1 a backlog drains at about
   * twice the rate of zlib's default 6 for about 3 % more bytes on the wire (sensor text and JSON
   * deflate nearly as well either way); a store on a metered link may prefer 6 or 9.
   */
  @WithName("gzip-level")
  @WithDefault("1")
  int gzipLevel();

  /** How often an idle uploader looks for new messages and for the cloud identity. */
  @WithName("upload-interval")
  @WithDefault("1s")
  Duration uploadInterval();

  /** Per-request timeout of an upload. */
  @WithName("upload-timeout")
  @WithDefault("30s")
  Duration uploadTimeout();

  /**
   * Messages queued between the listener and the writer. Past it, QoS 0 messages are dropped and
   * QoS 1 messages left unacknowledged (the client resends them), so memory stays bounded.
   */
  @WithName("queue-max-messages")
  @WithDefault("200000")
  int queueMaxMessages();

  interface Stream {
    /** Higher is kept longer when the outbox is full. */
    @WithDefault("0")
    int priority();

    /** How long a message of this stream is worth keeping; default-ttl when unset. */
    Optional<Duration> ttl();
  }
}
