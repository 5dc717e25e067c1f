package dev.backroom.config.model;

/**
 * ECS {@code environmentFiles} entry. ECS reads them from S3, which a store device cannot reach;
 * Backroom reads {@code value} as an absolute path of a file on the device ({@code type}
 * {@code file}, or {@code s3} for compatibility, with a path instead of an ARN).
 */
public record EnvironmentFile(String value, String type) {}
