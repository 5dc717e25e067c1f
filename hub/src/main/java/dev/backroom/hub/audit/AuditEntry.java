package dev.backroom.hub.audit;

import java.time.Instant;

/**
 * One mutating HTTP request. {@code actor} is the authenticated name, or {@code anonymous};
 * {@code authMethod} bearer, bootstrap, session, insecure or none; {@code status} the answer's
 * HTTP status, so refused attempts (401, 403, 429) are on record too, with {@code error} and
 * {@code errorMessage} saying why (the {@code error} and {@code message} of the answer's body;
 * null for an accepted request, {@code errorMessage} null when the answer had none). {@code
 * auditId} only grows.
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
    int status,
    String error,
    String errorMessage) {}
