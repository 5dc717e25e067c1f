package dev.backroom.sync.wire;

/** Every refusal: a stable code and a sentence for a person. */
public record ErrorBody(String error, String message) {}
