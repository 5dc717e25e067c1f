package dev.backroom.ecs.wire;

import java.util.Set;

/**
 * The operation a request names in its {@code X-Amz-Target} header,
 * {@code AmazonEC2ContainerServiceV20141113.<Operation>}.
 *
 * <p>{@link #parse} refuses a missing or foreign target, and a name that is not an operation of the
 * ECS API, with {@code UnknownOperationException}; whether Backroom serves a known operation is the
 * dispatcher's question, so its refusal can say "not served" rather than "unknown".
 */
public record EcsTarget(String operation) {

    /** The target prefix of the ECS service model (metadata.targetPrefix). */
    public static final String PREFIX = "AmazonEC2ContainerServiceV20141113";

    /**
     * Every operation of the ECS API, from the service model that botocore 1.43.11 ships
     * ({@code ecs/2014-11-13/service-2.json}). Operations newer than that are answered as unknown.
     */
    public static final Set<String> ECS_OPERATIONS = Set.of(
            "ContinueServiceDeployment", "CreateCapacityProvider", "CreateCluster", "CreateDaemon",
            "CreateExpressGatewayService", "CreateService", "CreateTaskSet", "DeleteAccountSetting",
            "DeleteAttributes", "DeleteCapacityProvider", "DeleteCluster", "DeleteDaemon",
            "DeleteDaemonTaskDefinition", "DeleteExpressGatewayService", "DeleteService",
            "DeleteTaskDefinitions", "DeleteTaskSet", "DeregisterContainerInstance",
            "DeregisterTaskDefinition", "DescribeCapacityProviders", "DescribeClusters",
            "DescribeContainerInstances", "DescribeDaemon", "DescribeDaemonDeployments",
            "DescribeDaemonRevisions", "DescribeDaemonTaskDefinition",
            "DescribeExpressGatewayService", "DescribeServiceDeployments",
            "DescribeServiceRevisions", "DescribeServices", "DescribeTaskDefinition",
            "DescribeTaskSets", "DescribeTasks", "DiscoverPollEndpoint", "ExecuteCommand",
            "GetTaskProtection", "ListAccountSettings", "ListAttributes", "ListClusters",
            "ListContainerInstances", "ListDaemonDeployments", "ListDaemonTaskDefinitions",
            "ListDaemons", "ListServiceDeployments", "ListServices", "ListServicesByNamespace",
            "ListTagsForResource", "ListTaskDefinitionFamilies", "ListTaskDefinitions", "ListTasks",
            "PutAccountSetting", "PutAccountSettingDefault", "PutAttributes",
            "PutClusterCapacityProviders", "RegisterContainerInstance",
            "RegisterDaemonTaskDefinition", "RegisterTaskDefinition", "RunTask", "StartTask",
            "StopServiceDeployment", "StopTask", "SubmitAttachmentStateChanges",
            "SubmitContainerStateChange", "SubmitTaskStateChange", "TagResource", "UntagResource",
            "UpdateCapacityProvider", "UpdateCluster", "UpdateClusterSettings",
            "UpdateContainerAgent", "UpdateContainerInstancesState", "UpdateDaemon",
            "UpdateExpressGatewayService", "UpdateService", "UpdateServicePrimaryTaskSet",
            "UpdateTaskProtection", "UpdateTaskSet");

    /** @throws EcsError UnknownOperationException for a null, blank, foreign or unknown target */
    public static EcsTarget parse(String header) {
        if (header == null || header.isBlank()) {
            throw EcsError.unknownOperation("Missing X-Amz-Target header; expected " + PREFIX + ".<Operation>.");
        }
        String value = header.strip();
        int dot = value.indexOf('.');
        if (dot < 0 || !value.substring(0, dot).equals(PREFIX)) {
            throw EcsError.unknownOperation("X-Amz-Target '" + shorten(value) + "' does not name an Amazon ECS "
                    + "operation; expected " + PREFIX + ".<Operation>.");
        }
        String operation = value.substring(dot + 1);
        if (!ECS_OPERATIONS.contains(operation)) {
            throw EcsError.unknownOperation("Unknown Amazon ECS operation: '" + shorten(operation) + "'.");
        }
        return new EcsTarget(operation);
    }

    /** The header value a client sends for this operation. */
    public String header() {
        return PREFIX + "." + operation;
    }

    // A target is echoed back into the message; a hostile header must not make the answer huge.
    private static String shorten(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
