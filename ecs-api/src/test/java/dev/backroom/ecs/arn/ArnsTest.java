package dev.backroom.ecs.arn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.ecs.arn.Arns.Kind;
import dev.backroom.ecs.arn.Arns.Ref;
import dev.backroom.ecs.wire.EcsError;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArnsTest {

    static final Arns ARNS = new Arns("eu-west-1", "123456789012");
    static final String A = "arn:aws:ecs:eu-west-1:123456789012:";

    @Test
    void formats() {
        assertEquals(A + "cluster/store-0042", ARNS.cluster("store-0042"));
        assertEquals(A + "service/store-0042/web", ARNS.service("store-0042", "web"));
        assertEquals(A + "task/store-0042/7f3c2a", ARNS.task("store-0042", "7f3c2a"));
        assertEquals(A + "container-instance/store-0042/pos-1.till", ARNS.containerInstance("store-0042", "pos-1.till"));
        assertEquals(A + "task-definition/web:3", ARNS.taskDefinition("web", 3));
    }

    record Parse(Kind kind, String reference, Ref ref) {
    }

    static Ref ref(Kind kind, String cluster, String name, Integer revision) {
        return new Ref(kind, Optional.ofNullable(cluster), name,
                revision == null ? OptionalInt.empty() : OptionalInt.of(revision));
    }

    static Stream<Parse> parses() {
        return Stream.of(
                new Parse(Kind.CLUSTER, "store-0042", ref(Kind.CLUSTER, null, "store-0042", null)),
                new Parse(Kind.CLUSTER, A + "cluster/default", ref(Kind.CLUSTER, null, "default", null)),
                new Parse(Kind.SERVICE, "web", ref(Kind.SERVICE, null, "web", null)),
                new Parse(Kind.SERVICE, A + "service/store-0042/web", ref(Kind.SERVICE, "store-0042", "web", null)),
                new Parse(Kind.SERVICE, A + "service/web", ref(Kind.SERVICE, null, "web", null)),
                new Parse(Kind.TASK, "7f3c2a9e", ref(Kind.TASK, null, "7f3c2a9e", null)),
                new Parse(Kind.TASK, A + "task/store-0042/7f3c2a9e", ref(Kind.TASK, "store-0042", "7f3c2a9e", null)),
                new Parse(Kind.TASK, A + "task/7f3c2a9e", ref(Kind.TASK, null, "7f3c2a9e", null)),
                new Parse(Kind.CONTAINER_INSTANCE, "pos-1", ref(Kind.CONTAINER_INSTANCE, null, "pos-1", null)),
                new Parse(Kind.CONTAINER_INSTANCE, A + "container-instance/store-0042/pos-1",
                        ref(Kind.CONTAINER_INSTANCE, "store-0042", "pos-1", null)),
                new Parse(Kind.TASK_DEFINITION, "web", ref(Kind.TASK_DEFINITION, null, "web", null)),
                new Parse(Kind.TASK_DEFINITION, "web:12", ref(Kind.TASK_DEFINITION, null, "web", 12)),
                new Parse(Kind.TASK_DEFINITION, A + "task-definition/web:12", ref(Kind.TASK_DEFINITION, null, "web", 12)));
    }

    @ParameterizedTest
    @MethodSource("parses")
    void parsesArnsAndShortForms(Parse c) {
        assertEquals(c.ref(), ARNS.parse(c.kind(), c.reference()));
    }

    /** Verifies that every ARN this class formats parses back to what formatted it. */
    @Test
    void formattedArns_parseBack() {
        assertEquals(ref(Kind.SERVICE, "c", "s", null), ARNS.parseAnyArn(ARNS.service("c", "s")));
        assertEquals(ref(Kind.TASK, "c", "t", null), ARNS.parseAnyArn(ARNS.task("c", "t")));
        assertEquals(ref(Kind.CONTAINER_INSTANCE, "c", "i", null), ARNS.parseAnyArn(ARNS.containerInstance("c", "i")));
        assertEquals(ref(Kind.TASK_DEFINITION, null, "f", 1), ARNS.parseAnyArn(ARNS.taskDefinition("f", 1)));
        assertEquals(ref(Kind.CLUSTER, null, "c", null), ARNS.parseAnyArn(ARNS.cluster("c")));
    }

    record Refusal(Kind kind, String reference, String message) {
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal(Kind.CLUSTER, "", "Invalid cluster identifier '': it is empty."),
                new Refusal(Kind.CLUSTER, "store 42", "'store 42' must be 1 to 255 letters"),
                new Refusal(Kind.CLUSTER, "x".repeat(256), "must be 1 to 255 letters"),
                new Refusal(Kind.CLUSTER, A + "service/c/web", "it is not a cluster ARN"),
                new Refusal(Kind.CLUSTER, "arn:aws:ecs:us-east-1:123456789012:cluster/c",
                        "names aws/us-east-1/123456789012; this endpoint serves aws/eu-west-1/123456789012."),
                new Refusal(Kind.CLUSTER, "arn:aws:ecs:eu-west-1:210987654321:cluster/c", "names aws/eu-west-1/210987654321"),
                new Refusal(Kind.CLUSTER, "arn:aws-cn:ecs:eu-west-1:123456789012:cluster/c", "names aws-cn/"),
                new Refusal(Kind.CLUSTER, "arn:aws:ec2:eu-west-1:123456789012:cluster/c", "it is not a cluster ARN"),
                new Refusal(Kind.CLUSTER, "arn:aws:ecs", "it is not a cluster ARN"),
                new Refusal(Kind.SERVICE, A + "service/a/b/c", "unexpected number of '/' separators"),
                new Refusal(Kind.TASK, A + "task/c/", "'' must be 1 to 255"),
                new Refusal(Kind.TASK_DEFINITION, A + "task-definition/web", "must end in family:revision"),
                new Refusal(Kind.TASK_DEFINITION, "web:0", "the revision must be a positive integer"),
                new Refusal(Kind.TASK_DEFINITION, "web:latest", "the revision must be a positive integer"),
                new Refusal(Kind.TASK_DEFINITION, "web:1:2", "'web:1' must be 1 to 255"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesWithTheIdentifierNamed(Refusal c) {
        EcsError error = assertThrows(EcsError.class, () -> ARNS.parse(c.kind(), c.reference()));
        assertEquals("InvalidParameterException", error.shape());
        assertTrue(error.getMessage().contains(c.message()), error.getMessage());
    }

    @Test
    void parseAnyArn_refusesShortForms() {
        EcsError error = assertThrows(EcsError.class, () -> ARNS.parseAnyArn("web"));
        assertEquals("InvalidParameterException", error.shape());
    }

    @Test
    void configuration_isChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Arns("EU_WEST", "123456789012"));
        assertThrows(IllegalArgumentException.class, () -> new Arns("eu-west-1", "1234"));
        assertThrows(IllegalArgumentException.class, () -> ARNS.cluster("has/slash"));
        assertThrows(IllegalArgumentException.class, () -> ARNS.taskDefinition("web", 0));
    }
}
