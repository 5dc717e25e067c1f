package dev.backroom.ecs.wire;

import java.util.Map;
import java.util.Optional;

/**
 * An answer ready for HTTP: status, headers, body bytes. The HTTP layer adds
 * {@code x-amzn-RequestId} (it owns the request id) and writes the rest as is.
 *
 * @param operation the operation the target named, when it named one
 * @param fault the unexpected exception behind a ServerException, for the HTTP layer to log; it is
 *     never rendered to the client
 */
public record EcsResponse(int status, Map<String, String> headers, byte[] body, Optional<String> operation,
        Optional<RuntimeException> fault) {

    public static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    public EcsResponse {
        headers = Map.copyOf(headers);
    }

    static EcsResponse ok(byte[] body, String operation) {
        return new EcsResponse(200, Map.of("Content-Type", EcsJson.CONTENT_TYPE), body, Optional.of(operation),
                Optional.empty());
    }

    /** The rendering of a refusal: body {@code {"__type", "message"}} and the error-type header. */
    public static EcsResponse error(EcsError error, Optional<String> operation) {
        return new EcsResponse(error.status(),
                Map.of("Content-Type", EcsJson.CONTENT_TYPE, ERROR_TYPE_HEADER, error.errorTypeHeader()),
                EcsJson.write(error.body()), operation, Optional.empty());
    }

    static EcsResponse fault(RuntimeException cause, String operation) {
        EcsResponse rendered = error(EcsError.server("Internal server error."), Optional.of(operation));
        return new EcsResponse(rendered.status, rendered.headers, rendered.body, rendered.operation,
                Optional.of(cause));
    }
}
