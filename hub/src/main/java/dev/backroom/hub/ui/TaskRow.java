package dev.backroom.hub.ui;

/**
 * One task as the tasks page lists it: state in the UI's words ({@link TaskState}), restarts
 * that never go down, and the newest container start.
 */
public record TaskRow(String taskId, String service, String device, String taskDefinition,
    String state, String health, int restarts, String started, String lastExit) {}
