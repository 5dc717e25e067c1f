package dev.backroom.hub.audit;

import java.time.Instant;

/**
 * One mutating HTTP request. {@code actor} is the authenticated name, or {@code anonymous};
 * {@code authMethod} bearer, bootstrap, session, insecure or none; {@code status} the answer's
 * HTTP status, so refused attempts (401, 403, 429) are on record too. {@code auditId} only grows.
 */
public record AuditEntry(
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
