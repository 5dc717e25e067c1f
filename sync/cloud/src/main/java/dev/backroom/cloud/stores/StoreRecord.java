package dev.backroom.cloud.stores;

import java.time.Instant;
import java.util.Map;

/**
 * A store as the operator API shows it. {@code labels} include the implicit {@code store.id}.
 * {@code revision} is the effective desired state's version, {@code appliedRevision} the one the
 * hub last acknowledged; the sequences are the last accepted upstream batches.
 */
public record StoreRecord(
    String id,
    String name,
    Map<String, String> labels,
    long revision,
    long appliedRevision,
    long reportSequence,
    long telemetrySequence,
    Instant lastSeenAt,
    boolean enrolled,
    Instant enrolledAt,
    String hubName) {}
