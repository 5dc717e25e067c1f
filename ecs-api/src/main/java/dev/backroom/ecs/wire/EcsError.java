package dev.backroom.ecs.wire;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A refusal in the shape an ECS client understands: an error shape name, a message, and the HTTP
 * status (400 for everything the client did, 500 only for {@code ServerException}, which has the
 * {@code fault} trait and is retried by clients).
 *
 * <p>It travels as an exception so that a handler deep in a call can refuse; {@link #body()} and
 * {@link #errorTypeHeader()} render it. Both carry the bare shape name: botocore and the AWS CLI read
 * only the body's {@code __type}, the Java SDKs read the {@code x-amzn-ErrorType} header first
 * (ECS-API-NOTES.md §1). Stack traces are not captured: a refusal is an answer, not a bug.
 */
public final class EcsError extends RuntimeException {

    private final String shape;
    private final int status;
    private final List<String> resourceIds;

    private EcsError(String shape, String message, int status, List<String> resourceIds) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (!shape.matches("[A-Z][A-Za-z]*(Exception|Error)")) {
            throw new IllegalArgumentException("not an error shape name: " + shape);
        }
        this.shape = shape;
        this.status = status;
        this.resourceIds = List.copyOf(resourceIds);
    }

    /** A client error (HTTP 400) of the given shape; the shape is the bare name, no namespace. */
    public static EcsError of(String shape, String message) {
        if (shape.equals(SERVER)) {
            return server(message);
        }
        return new EcsError(shape, message, 400, List.of());
    }

    /** The one 5xx: a fault of the server, which clients retry. The message must not leak internals. */
    public static EcsError server(String message) {
        return new EcsError(SERVER, message, 500, List.of());
    }

    /** RunTask/CreateService reuse of a client token with different parameters. */
    public static EcsError conflict(String message, List<String> resourceIds) {
        return new EcsError("ConflictException", message, 400, resourceIds);
    }

    public static EcsError client(String message) {
        return of("ClientException", message);
    }

    public static EcsError invalidParameter(String message) {
        return of("InvalidParameterException", message);
    }

    /** Malformed JSON, a body that is not an object, or a member of the wrong JSON type. */
    public static EcsError serialization(String message) {
        return of("SerializationException", message);
    }

    public static EcsError unknownOperation(String message) {
        return of("UnknownOperationException", message);
    }

    public static EcsError accessDenied(String message) {
        return of("AccessDeniedException", message);
    }

    public static EcsError throttling(String message) {
        return of("ThrottlingException", message);
    }

    public static EcsError clusterNotFound() {
        return of("ClusterNotFoundException", "Cluster not found.");
    }

    public static EcsError serviceNotFound() {
        return of("ServiceNotFoundException", "Service not found.");
    }

    public static EcsError serviceNotActive() {
        return of("ServiceNotActiveException", "Service was not ACTIVE.");
    }

    public String shape() {
        return shape;
    }

    public int status() {
        return status;
    }

    /** ConflictException's {@code resourceIds}; empty for every other shape. */
    public List<String> resourceIds() {
        return resourceIds;
    }

    /** The {@code x-amzn-ErrorType} header value: the bare shape name. */
    public String errorTypeHeader() {
        return shape;
    }

    /** {@code {"__type": shape, "message": text}}, plus {@code resourceIds} for a conflict. */
    public ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", shape);
        body.put("message", getMessage());
        if (!resourceIds.isEmpty()) {
            resourceIds.forEach(body.putArray("resourceIds")::add);
        }
        return body;
    }

    @Override
    public String toString() {
        return shape + ": " + getMessage();
    }

    private static final String SERVER = "ServerException";
}
