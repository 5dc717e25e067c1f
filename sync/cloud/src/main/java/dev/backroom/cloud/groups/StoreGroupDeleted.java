package dev.backroom.cloud.groups;

/**
 * Fired (synchronously, before the DELETE is answered) when a store group is deleted, so that
 * what other features keep by the group's cluster name (its ECS tags) goes with it.
 */
public record StoreGroupDeleted(String name) {}
