package dev.backroom.hub.ecs;

/**
 * Who signed an ECS request: the access key, who it acts as (a username or
 * {@code pipeline:<key id>}) and the role it holds now.
 */
public record EcsCaller(String accessKeyId, String owner, String role) {}
