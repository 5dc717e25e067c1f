package dev.backroom.sync.wire;

/** A hub's request to exchange a one-time activation for its store identity. */
public record EnrollRequest(String activationId, String activationCode, String hubName) {}
