package dev.backroom.ecs.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes a JSON 1.1 request to the handler of the operation its {@code X-Amz-Target} names and
 * renders what comes back. {@link #dispatch} never throws: every outcome is an {@link EcsResponse}.
 *
 * <p>Order: target ({@link EcsTarget#parse}), served operation, {@link Gate} (the caller may call
 * it), body ({@link EcsJson#readRequest}), top-level members, handler.
 *
 * <p><b>Unknown members are refused</b>, all of them in one InvalidParameterException worded as
 * botocore words its own client-side check ({@code Unknown parameter in input: "x", must be one
 * of: ...}). The CLI validates against its model and the typed SDKs serialize only members that
 * were set, so a member the server does not model reaches it only when a newer client's user set
 * it on purpose (CreateService's newer members, a container's {@code restartPolicy}): ignoring it
 * would quietly run something other than what was asked. Only top-level members are checked here;
 * nested structures (a container definition) are the handler's to read strictly.
 *
 * @param <C> the authenticated caller the HTTP layer passes through (an access key's owner)
 */
public final class EcsDispatcher<C> {

    /** Whether an operation changes state: the caller's role and the audit trail depend on it. */
    public enum Access { READ, WRITE }

    /** One operation's work: the request body in, the answer's body out, or an {@link EcsError}. */
    @FunctionalInterface
    public interface Handler<C> {
        JsonNode handle(EcsRequest request, C caller);
    }

    /** Admits a caller to an operation before its body is read, or throws an {@link EcsError}. */
    @FunctionalInterface
    public interface Gate<C> {
        void admit(String operation, Access access, C caller);
    }

    /** A served operation: its name, access, modelled top-level members and handler. */
    public record Operation<C>(String name, Access access, Set<String> members, Handler<C> handler) {
        public Operation {
            if (!EcsTarget.ECS_OPERATIONS.contains(name)) {
                throw new IllegalArgumentException("not an ECS operation: " + name);
            }
            Objects.requireNonNull(access, "access");
            members = Set.copyOf(members);
            Objects.requireNonNull(handler, "handler");
        }
    }

    private final Map<String, Operation<C>> operations;
    private final Gate<C> gate;

    private EcsDispatcher(Map<String, Operation<C>> operations, Gate<C> gate) {
        this.operations = Map.copyOf(operations);
        this.gate = gate;
    }

    public static <C> Builder<C> builder() {
        return new Builder<>();
    }

    /** The served operation of that name, if it is served. */
    public Optional<Operation<C>> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    /**
     * Answers one request.
     *
     * @param target the raw {@code X-Amz-Target} header, null when absent
     * @param body the raw body bytes, empty when absent
     * @param caller the authenticated caller, handed to the gate and the handler
     */
    public EcsResponse dispatch(String target, byte[] body, C caller) {
        Optional<String> named = Optional.empty();
        try {
            String name = EcsTarget.parse(target).operation();
            named = Optional.of(name);
            Operation<C> operation = operations.get(name);
            if (operation == null) {
                throw EcsError.unknownOperation("Backroom does not serve the Amazon ECS operation " + name
                        + "; it serves " + String.join(", ", new TreeSet<>(operations.keySet())) + ".");
            }
            gate.admit(name, operation.access(), caller);
            ObjectNode request = EcsJson.readRequest(body);
            refuseUnknownMembers(request, operation.members());
            JsonNode answer = operation.handler().handle(new EcsRequest(request), caller);
            return EcsResponse.ok(EcsJson.write(answer == null ? EcsJson.mapper().createObjectNode() : answer),
                    name);
        } catch (EcsError error) {
            return EcsResponse.error(error, named);
        } catch (RuntimeException fault) {
            // Named is present: only the handler and the gate can fail this way.
            return EcsResponse.fault(fault, named.orElse("?"));
        }
    }

    private static void refuseUnknownMembers(ObjectNode request, Set<String> members) {
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!members.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String allowed = members.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(members));
            StringBuilder message = new StringBuilder();
            for (String name : unknown) {
                message.append(message.isEmpty() ? "" : "\n").append("Unknown parameter in input: \"")
                        .append(name).append("\", must be one of: ").append(allowed);
            }
            throw EcsError.invalidParameter(message.toString());
        }
    }

    /** Collects operations; an operation registered twice is a programming error. */
    public static final class Builder<C> {
        private final Map<String, Operation<C>> operations = new LinkedHashMap<>();
        private Gate<C> gate = (operation, access, caller) -> { };

        public Builder<C> read(String name, Set<String> members, Handler<C> handler) {
            return add(new Operation<>(name, Access.READ, members, handler));
        }

        public Builder<C> write(String name, Set<String> members, Handler<C> handler) {
            return add(new Operation<>(name, Access.WRITE, members, handler));
        }

        public Builder<C> add(Operation<C> operation) {
            if (operations.putIfAbsent(operation.name(), operation) != null) {
                throw new IllegalArgumentException("operation registered twice: " + operation.name());
            }
            return this;
        }

        public Builder<C> gate(Gate<C> gate) {
            this.gate = Objects.requireNonNull(gate, "gate");
            return this;
        }

        public EcsDispatcher<C> build() {
            return new EcsDispatcher<>(operations, gate);
        }
    }
}
