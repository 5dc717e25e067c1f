package dev.backroom.ecs.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.backroom.ecs.wire.EcsError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReplayGuardTest {

    static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    static SigV4Verifier.Verified<String> signed(String signature, Instant at) {
        return new SigV4Verifier.Verified<>("BKIA", "ci", "eu-west-1", at, signature);
    }

    /** One step: admit a signature signed at {@code signedAt} seconds, at {@code now} seconds. */
    record Step(String signature, long signedAt, long now, String refusedAs) {
    }

    record Case(String name, int capacity, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Step ok(String signature, long signedAt, long now) {
        return new Step(signature, signedAt, now, null);
    }

    static Step refused(String signature, long signedAt, long now, String shape) {
        return new Step(signature, signedAt, now, shape);
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a repeat inside the window is refused", 10,
                        List.of(ok("a", 0, 0), refused("a", 0, 299, "InvalidSignatureException"))),
                new Case("a repeat at the window's last second is refused", 10,
                        List.of(ok("a", 0, 0), refused("a", 0, 300, "InvalidSignatureException"))),
                new Case("after the window the signature is forgotten (the verifier refuses it as expired)", 10,
                        List.of(ok("a", 0, 0), ok("a", 0, 301))),
                new Case("a request signed ahead of the clock is remembered until its own time + 5 min", 10,
                        List.of(ok("a", 200, 0), refused("a", 200, 450, "InvalidSignatureException"))),
                new Case("distinct signatures pass", 10, List.of(ok("a", 0, 0), ok("b", 0, 0), ok("c", 0, 1))),
                new Case("full of live signatures: throttled, never forgetting a live one", 2,
                        List.of(ok("a", 0, 0), ok("b", 0, 0), refused("c", 0, 1, "ThrottlingException"),
                                refused("a", 0, 2, "InvalidSignatureException"))),
                new Case("room returns as signatures expire", 2,
                        List.of(ok("a", 0, 0), ok("b", 100, 100), ok("c", 301, 301),
                                refused("b", 100, 302, "InvalidSignatureException"))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void steps(Case c) {
        ReplayGuard guard = new ReplayGuard(c.capacity());
        for (Step step : c.steps()) {
            Instant now = T0.plusSeconds(step.now());
            SigV4Verifier.Verified<String> verified = signed(step.signature(), T0.plusSeconds(step.signedAt()));
            if (step.refusedAs() == null) {
                guard.admit(verified, now);
            } else {
                EcsError error = assertThrows(EcsError.class, () -> guard.admit(verified, now), step.toString());
                assertEquals(step.refusedAs(), error.shape(), step.toString());
            }
        }
    }

    @Test
    void forget_letsTheClientsUnchangedRetryIn() {
        ReplayGuard guard = new ReplayGuard(10);
        guard.admit(signed("a", T0), T0);

        guard.forget("a");
        guard.admit(signed("a", T0), T0.plusSeconds(1));

        assertThrows(EcsError.class, () -> guard.admit(signed("a", T0), T0.plusSeconds(2)));
    }

    /** Verifies that memory stays bounded however often signatures are forgotten and re-admitted. */
    @Test
    void forgetAndReadmit_stayWithinCapacity() {
        ReplayGuard guard = new ReplayGuard(3);
        for (int i = 0; i < 3; i++) {
            guard.admit(signed("a", T0), T0);
            guard.forget("a");
        }

        EcsError error = assertThrows(EcsError.class, () -> guard.admit(signed("b", T0), T0));

        assertEquals("ThrottlingException", error.shape());
        assertEquals(0, guard.size(T0.plus(Duration.ofMinutes(6))));
    }

    record GuardCase(String name, boolean write, String body, boolean guarded) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<GuardCase> guardCases() {
        return Stream.of(
                new GuardCase("a write", true, "{\"service\":\"web\"}", true),
                new GuardCase("a write with a clientToken: idempotent, retried as is", true,
                        "{\"taskDefinition\":\"job\",\"clientToken\":\"t-1\"}", false),
                new GuardCase("a write with a null clientToken", true, "{\"clientToken\":null}", true),
                new GuardCase("a read", false, "{}", false),
                new GuardCase("a write that does not parse", true, "{\"clientToken\":", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guardCases")
    void guards(GuardCase c) {
        assertEquals(c.guarded(), ReplayGuard.guards(c.write(), c.body().getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
    }
}
