package dev.backroom.ecs.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EcsErrorTest {

    record Case(EcsError error, int status, String body) {
        @Override
        public String toString() {
            return error.toString();
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(EcsError.clusterNotFound(), 400,
                        "{\"__type\":\"ClusterNotFoundException\",\"message\":\"Cluster not found.\"}"),
                new Case(EcsError.serviceNotFound(), 400,
                        "{\"__type\":\"ServiceNotFoundException\",\"message\":\"Service not found.\"}"),
                new Case(EcsError.client("Container.image should not be null or empty."), 400,
                        "{\"__type\":\"ClientException\",\"message\":\"Container.image should not be null or empty.\"}"),
                new Case(EcsError.of("ServerException", "Internal server error."), 500,
                        "{\"__type\":\"ServerException\",\"message\":\"Internal server error.\"}"),
                new Case(EcsError.throttling("Rate exceeded"), 400,
                        "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"),
                new Case(EcsError.conflict("clientToken reused", List.of("arn:aws:ecs:eu-west-1:000000000000:task/a/b")),
                        400, "{\"__type\":\"ConflictException\",\"message\":\"clientToken reused\","
                                + "\"resourceIds\":[\"arn:aws:ecs:eu-west-1:000000000000:task/a/b\"]}"),
                new Case(EcsError.invalidParameter("quote \" and \n newline"), 400,
                        "{\"__type\":\"InvalidParameterException\",\"message\":\"quote \\\" and \\n newline\"}"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rendersBodyHeaderAndStatus(Case c) {
        EcsResponse response = EcsResponse.error(c.error(), Optional.empty());

        assertEquals(c.status(), response.status());
        assertEquals(c.body(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(c.error().shape(), response.headers().get(EcsResponse.ERROR_TYPE_HEADER));
        assertEquals(EcsJson.CONTENT_TYPE, response.headers().get("Content-Type"));
    }

    @ParameterizedTest
    @MethodSource("badShapes")
    void shapeNames_areBareShapeNames(String shape) {
        assertThrows(IllegalArgumentException.class, () -> EcsError.of(shape, "m"));
    }

    static Stream<String> badShapes() {
        return Stream.of("com.amazonaws.ecs#ClientException", "ClientException:http://x", "clientException", "Client");
    }
}
