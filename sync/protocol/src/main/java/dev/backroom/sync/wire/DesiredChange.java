package dev.backroom.sync.wire;

import com.fasterxml.jackson.databind.JsonNode;

/** One object of a store's effective desired state, put or removed; spec is null for DELETE. */
public record DesiredChange(DesiredKind kind, String name, ChangeOp op, JsonNode spec) {}
