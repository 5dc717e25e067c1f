package dev.backroom.ecs.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EcsDispatcherTest {

    static final String P = EcsTarget.PREFIX + ".";

    /** A caller is its role; viewers may only read. */
    static final EcsDispatcher<String> DISPATCHER = EcsDispatcher.<String>builder()
            .read("ListClusters", Set.of("maxResults", "nextToken"), (request, caller) -> {
                ObjectNode answer = EcsJson.mapper().createObjectNode();
                answer.putArray("clusterArns").add("arn:aws:ecs:eu-west-1:000000000000:cluster/store-1");
                request.integer("maxResults").ifPresent(n -> answer.put("asked", n));
                return answer;
            })
            .write("DeleteService", Set.of("cluster", "service", "force"), (request, caller) -> {
                if (request.requiredString("service").equals("missing")) {
                    throw EcsError.serviceNotFound();
                }
                if (request.requiredString("service").equals("bug")) {
                    throw new IllegalStateException("secret internal detail");
                }
                return null;
            })
            .gate((operation, access, caller) -> {
                if (access == EcsDispatcher.Access.WRITE && caller.equals("viewer")) {
                    throw EcsError.accessDenied("The key's role (viewer) may not call " + operation + ".");
                }
            })
            .build();


    record Case(String name, String target, String body, String caller, int status, String shape, String contains) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("served read", P + "ListClusters", "{}", "viewer", 200, null, "clusterArns"),
                new Case("empty body reads as {}", P + "ListClusters", "", "viewer", 200, null, "clusterArns"),
                new Case("typed member", P + "ListClusters", "{\"maxResults\": 5}", "viewer", 200, null, "\"asked\":5"),
                new Case("null member is absent", P + "ListClusters", "{\"maxResults\": null}", "viewer", 200, null,
                        "clusterArns"),
                new Case("handler's null answer is {}", P + "DeleteService", "{\"service\":\"web\"}", "admin", 200,
                        null, "{}"),
                new Case("missing target", null, "{}", "admin", 400, "UnknownOperationException", "Missing X-Amz-Target"),
                new Case("unknown operation", P + "Frobnicate", "{}", "admin", 400, "UnknownOperationException",
                        "Unknown Amazon ECS operation: 'Frobnicate'"),
                new Case("ECS operation not served", P + "CreateCapacityProvider", "{}", "admin", 400,
                        "UnknownOperationException", "does not serve the Amazon ECS operation CreateCapacityProvider; "
                                + "it serves DeleteService, ListClusters."),
                new Case("gate refuses a viewer's write", P + "DeleteService", "{\"service\":\"web\"}", "viewer", 400,
                        "AccessDeniedException", "may not call DeleteService"),
                new Case("malformed JSON", P + "ListClusters", "{\"maxResults\":", "viewer", 400,
                        "SerializationException", "not valid JSON"),
                new Case("duplicate key", P + "ListClusters", "{\"maxResults\":1,\"maxResults\":2}", "viewer", 400,
                        "SerializationException", "Duplicate field 'maxResults'"),
                new Case("trailing data", P + "ListClusters", "{} {}", "viewer", 400, "SerializationException",
                        "not valid JSON"),
                new Case("array body", P + "ListClusters", "[]", "viewer", 400, "SerializationException",
                        "must be a JSON object, got an array"),
                new Case("wrong member type", P + "ListClusters", "{\"maxResults\":\"5\"}", "viewer", 400,
                        "SerializationException", "Parameter maxResults must be an integer, got a string."),
                new Case("unknown members, all named", P + "ListClusters", "{\"maxResult\":5,\"filter\":\"x\"}",
                        "viewer", 400, "InvalidParameterException",
                        "Unknown parameter in input: \"maxResult\", must be one of: maxResults, nextToken\n"
                                + "Unknown parameter in input: \"filter\", must be one of: maxResults, nextToken"),
                new Case("missing required member", P + "DeleteService", "{}", "admin", 400,
                        "InvalidParameterException", "Missing required parameter in input: \"service\""),
                new Case("handler's refusal", P + "DeleteService", "{\"service\":\"missing\"}", "admin", 400,
                        "ServiceNotFoundException", "Service not found."),
                new Case("handler's bug is a ServerException without internals", P + "DeleteService",
                        "{\"service\":\"bug\"}", "admin", 500, "ServerException", "Internal server error."));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void dispatch(Case c) {
        EcsResponse response = DISPATCHER.dispatch(c.target(), c.body().getBytes(StandardCharsets.UTF_8), c.caller());

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(c.status(), response.status(), body);
        assertEquals(EcsJson.CONTENT_TYPE, response.headers().get("Content-Type"));
        assertEquals(Optional.ofNullable(c.shape()), Optional.ofNullable(response.headers().get(
                EcsResponse.ERROR_TYPE_HEADER)));
        if (c.shape() == null) {
            assertTrue(body.contains(c.contains()), body);
        } else {
            JsonNode tree = EcsJson.readRequest(response.body());
            assertEquals(c.shape(), tree.get("__type").textValue());
            assertTrue(tree.get("message").textValue().contains(c.contains()), body);
        }
        assertEquals(c.status() == 500, response.fault().isPresent());
        assertTrue(!body.contains("secret internal detail"));
    }

    @Test
    void operationsAreDescribed() {
        assertEquals(EcsDispatcher.Access.WRITE, DISPATCHER.operation("DeleteService").orElseThrow().access());
        assertEquals(Set.of("maxResults", "nextToken"), DISPATCHER.operation("ListClusters").orElseThrow().members());
        assertTrue(DISPATCHER.operation("RunTask").isEmpty());
    }

    @Test
    void registeringANonEcsOperationOrTwice_fails() {
        assertThrows(IllegalArgumentException.class,
                () -> EcsDispatcher.<String>builder().read("Frobnicate", Set.of(), (r, c) -> null));
        assertThrows(IllegalArgumentException.class, () -> EcsDispatcher.<String>builder()
                .read("ListClusters", Set.of(), (r, c) -> null).read("ListClusters", Set.of(), (r, c) -> null));
    }
}
