package dev.backroom.cloud.ecs;

/**
 * Who signed an ECS request: the access key, who it acts as ({@code pipeline:<key id>}: the
 * cloud's keys are all pipeline keys) and its role.
 */
public record EcsCaller(String accessKeyId, String owner, String role) {}
