package dev.backroom.ecs.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Typed reads of a request's top-level members, each refusing with the member's name: a member of
 * the wrong JSON type is a SerializationException, a missing required one an
 * InvalidParameterException. A JSON {@code null} reads as absent (SDKs leave unset members out; a
 * {@code null} asks for nothing).
 */
public record EcsRequest(ObjectNode body) {

    public Optional<String> string(String member) {
        JsonNode node = present(member);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw wrongType(member, "a string", node);
        }
        return Optional.of(node.textValue());
    }

    public String requiredString(String member) {
        return string(member).orElseThrow(() -> missing(member));
    }

    public OptionalInt integer(String member) {
        JsonNode node = present(member);
        if (node == null) {
            return OptionalInt.empty();
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(member, "an integer", node);
        }
        return OptionalInt.of(node.intValue());
    }

    public Optional<Boolean> bool(String member) {
        JsonNode node = present(member);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw wrongType(member, "a boolean", node);
        }
        return Optional.of(node.booleanValue());
    }

    /** A list of strings; absent reads as an empty list. */
    public List<String> strings(String member) {
        JsonNode node = present(member);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw wrongType(member, "a list of strings", node);
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw wrongType(member + "[" + i + "]", "a string", item);
            }
            values.add(item.textValue());
        }
        return List.copyOf(values);
    }

    private JsonNode present(String member) {
        JsonNode node = body.get(member);
        return node == null || node.isNull() ? null : node;
    }

    private static EcsError wrongType(String member, String expected, JsonNode got) {
        return EcsError.serialization("Parameter " + member + " must be " + expected + ", got "
                + EcsJson.describe(got) + ".");
    }

    private static EcsError missing(String member) {
        return EcsError.invalidParameter("Missing required parameter in input: \"" + member + "\"");
    }
}
