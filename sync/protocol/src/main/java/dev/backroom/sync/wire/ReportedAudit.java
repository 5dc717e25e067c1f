package dev.backroom.sync.wire;

import java.time.Instant;

/**
 * One entry of the hub's audit log as reported upstream: a state-changing request on the hub's
 * API, refused ones included. {@code auditId} is the hub's own id; it only grows and orders the
 * log. {@code actor} is the authenticated name or {@code anonymous}; {@code authMethod} bearer,
 * bootstrap, session, insecure or none; {@code status} the HTTP status the hub answered.
 */
public record ReportedAudit(
    long auditId,
    Instant at,
    String actor,
    String role,
    String authMethod,
    String method,
    String path,
    String target,
    String remoteAddress,
    int status) {}
