package dev.backroom.ecs.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EcsTargetTest {

    record Case(String header, String operation, String refusal) {
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("AmazonEC2ContainerServiceV20141113.ListClusters", "ListClusters", null),
                new Case(" AmazonEC2ContainerServiceV20141113.RunTask ", "RunTask", null),
                new Case("AmazonEC2ContainerServiceV20141113.DescribeServices", "DescribeServices", null),
                new Case(null, null, "Missing X-Amz-Target header"),
                new Case("", null, "Missing X-Amz-Target header"),
                new Case("ListClusters", null, "does not name an Amazon ECS operation"),
                new Case("DynamoDB_20120810.ListTables", null, "does not name an Amazon ECS operation"),
                new Case("AmazonEC2ContainerServiceV20141113.", null, "Unknown Amazon ECS operation: ''"),
                new Case("AmazonEC2ContainerServiceV20141113.listClusters", null, "Unknown Amazon ECS operation"),
                new Case("AmazonEC2ContainerServiceV20141113.DropEverything", null,
                        "Unknown Amazon ECS operation: 'DropEverything'"),
                new Case("AmazonEC2ContainerServiceV20141113." + "X".repeat(5000), null, "..."));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void parse(Case c) {
        if (c.refusal() == null) {
            EcsTarget target = EcsTarget.parse(c.header());
            assertEquals(c.operation(), target.operation());
            assertEquals(EcsTarget.PREFIX + "." + c.operation(), target.header());
            return;
        }
        EcsError error = assertThrows(EcsError.class, () -> EcsTarget.parse(c.header()));
        assertEquals("UnknownOperationException", error.shape());
        assertEquals(400, error.status());
        assertTrue(error.getMessage().contains(c.refusal()), error.getMessage());
        assertTrue(error.getMessage().length() < 300, "a hostile target is not echoed in full");
    }
}
