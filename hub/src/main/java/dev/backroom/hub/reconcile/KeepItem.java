package dev.backroom.hub.reconcile;

/** A task that is already what the hub wants; nothing to do. */
public record KeepItem(String taskId, String reason) {}
