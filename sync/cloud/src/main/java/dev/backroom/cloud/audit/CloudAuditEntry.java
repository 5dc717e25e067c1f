package dev.backroom.cloud.audit;

import java.time.Instant;

/**
 * One audited request. {@code operation} is {@code ecs:<Operation>} ({@code ecs:?} when the
 * target names none the cloud serves); {@code accessKeyId}, {@code owner} ({@code
 * pipeline:<accessKeyId>}) and {@code role} are null when the signature was not verified;
 * {@code target} names what the request is about (its cluster, service, task definition or
 * resource ARN), null when it names nothing; {@code outcome} is {@code OK} or {@code REFUSED},
 * with the refusal's ECS {@code errorType} and {@code errorMessage}. {@code auditId} only grows.
 */
public record CloudAuditEntry(long auditId, Instant at, String requestId, String operation,
    String accessKeyId, String owner, String role, String target, String outcome, int status,
    String errorType, String errorMessage) {
  public static final String OK = "OK";
  public static final String REFUSED = "REFUSED";
}
