package dev.backroom.hub.core.reconcile;

/**
 * A task left running as it is: up to date, held, or out of date but still needed until its
 * replacement is healthy; the reason says which.
 */
public record KeepItem(String taskId, String reason) {}
