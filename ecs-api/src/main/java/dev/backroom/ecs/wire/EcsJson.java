package dev.backroom.ecs.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads request bodies and writes answers for the JSON 1.1 protocol; one configured mapper. */
public final class EcsJson {

    /** The protocol's content type, on requests and answers alike. */
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    // Strict reading: a duplicate key or trailing data would otherwise make Jackson keep one value
    // and drop the rest without a word, which silently changes what the client asked for.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private EcsJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The request body as a JSON object. An empty body reads as {@code {}}: the protocol's requests
     * carry at least {@code {}}, and an empty one asks for nothing, so nothing is dropped.
     *
     * @throws EcsError SerializationException for malformed JSON, duplicate keys, trailing data or
     *     a body that is not a JSON object
     */
    public static ObjectNode readRequest(byte[] body) {
        if (body == null || body.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw EcsError.serialization("Request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || tree.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!tree.isObject()) {
            throw EcsError.serialization("Request body must be a JSON object, got " + describe(tree) + ".");
        }
        return (ObjectNode) tree;
    }

    public static byte[] write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The JSON type of a node as a client would call it, for refusal messages. */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "nothing";
        };
    }
}
