package dev.backroom.config.json;

import static dev.backroom.config.validate.ViolationAssert.assertViolations;
import static dev.backroom.config.validate.ViolationAssert.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.Fixtures;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.validate.ViolationAssert.Expect;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecReaderTest {

  /** A RegisterTaskDefinition request as the AWS CLI would send it for the EXTERNAL launch type. */
  static final String ECS_EXTERNAL = """
      {
        "family": "pos-gateway",
        "requiresCompatibilities": ["EXTERNAL"],
        "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        "taskRoleArn": "arn:aws:iam::123456789012:role/pos",
        "networkMode": "host",
        "cpu": "256",
        "memory": "512",
        "tags": [{"key": "team", "value": "stores"}],
        "volumes": [{"name": "spool", "host": {"sourcePath": "/var/spool/pos"}}],
        "containerDefinitions": [
          {
            "name": "gateway",
            "image": "registry.local/pos-gateway:1.4.2",
            "essential": true,
            "cpu": 128,
            "memory": 256,
            "memoryReservation": 128,
            "command": ["serve", "--port", "8080"],
            "environment": [{"name": "STORE_ID", "value": "0042"}],
            "portMappings": [],
            "resourceRequirements": [{"type": "GPU", "value": "1"}],
            "mountPoints": [{"sourceVolume": "spool", "containerPath": "/spool", "readOnly": false}],
            "healthCheck": {
              "command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
              "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 10
            }
          },
          {
            "name": "log-shipper",
            "image": "registry.local/shipper:2",
            "essential": false,
            "memory": 64
          }
        ]
      }
      """;

  @Test
  void fieldsBackroomDoesNotRunYet_areRefusedEachWithItsPath() {
    String json = ECS_EXTERNAL
        .replace("\"tags\"", "\"pidMode\": \"task\", \"tags\"")
        .replace("\"portMappings\": []", "\"portMappings\": [{\"containerPort\": 8080}],"
            + " \"secrets\": [{\"name\": \"K\", \"valueFrom\": \"arn:aws:ssm:x\"}],"
            + " \"logConfiguration\": {\"logDriver\": \"awslogs\"}");

    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(json);

    assertNull(r.value());
    assertViolations(r.violations(),
        at("pidMode", "not supported yet"),
        at("containerDefinitions[0].secrets", "no secret store"),
        at("containerDefinitions[0].logConfiguration.logDriver", "CloudWatch"));
  }

  @Test
  void ecsExternalTaskDefinition_isAcceptedAsIs() {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(ECS_EXTERNAL);

    assertTrue(r.ok(), () -> r.violations().toString());
    TaskDefinition td = r.value();
    assertEquals("pos-gateway", td.family());
    assertEquals(256, td.cpu());
    assertEquals(512, td.memory());
    assertEquals("host", td.effectiveNetworkMode());
    assertEquals(2, td.containers().size());
    ContainerDefinition gw = td.containers().get(0);
    assertEquals(List.of("serve", "--port", "8080"), gw.command());
    assertEquals(1, gw.gpuCount());
    assertEquals(new HealthCheck(
        List.of("CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"), 30, 5, 3, 10),
        gw.healthCheck());
    assertEquals(List.of(new MountPoint("spool", "/spool", false)), gw.mountPoints());
    assertFalse(td.containers().get(1).isEssential(), "essential:false must survive reading");
    assertEquals(1, td.requiredGpus());
    assertEquals(512, td.requiredMemoryMiB());
    assertEquals(List.of("EXTERNAL"), td.requiresCompatibilities(), "stored, not dropped");
    assertEquals("arn:aws:iam::123456789012:role/ecsTaskExecutionRole", td.executionRoleArn());
    assertEquals("arn:aws:iam::123456789012:role/pos", td.taskRoleArn());
    assertEquals(List.of(new TaskDefinition.Tag("team", "stores")), td.tags());
  }

  record TypeErrorCase(String name, String json, String path, String reasonFragment) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<TypeErrorCase> taskDefinitionErrors() {
    return Stream.of(
        new TypeErrorCase("string memory in the second container",
            ECS_EXTERNAL.replace("\"memory\": 64", "\"memory\": \"lots\""),
            "containerDefinitions[1].memory", "wrong type"),
        new TypeErrorCase("object where the command list belongs",
            ECS_EXTERNAL.replace("[\"serve\", \"--port\", \"8080\"]", "{\"a\": 1}"),
            "containerDefinitions[0].command", "wrong type"),
        new TypeErrorCase("non-numeric task cpu",
            ECS_EXTERNAL.replace("\"cpu\": \"256\"", "\"cpu\": \"quarter\""),
            "cpu", "wrong type"),
        new TypeErrorCase("string health check interval",
            ECS_EXTERNAL.replace("\"interval\": 30", "\"interval\": \"often\""),
            "containerDefinitions[0].healthCheck.interval", "wrong type"),
        new TypeErrorCase("containerDefinitions as an object",
            "{\"family\": \"x\", \"containerDefinitions\": {\"name\": \"a\"}}",
            "containerDefinitions", "wrong type"),
        new TypeErrorCase("truncated JSON",
            ECS_EXTERNAL.substring(0, 200),
            "$", "not valid JSON"),
        new TypeErrorCase("not JSON at all",
            "family: web", "$", "not valid JSON"),
        new TypeErrorCase("JSON array instead of an object",
            "[]", "$", "wrong type"),
        new TypeErrorCase("empty input",
            "", "$", ""),
        new TypeErrorCase("JSON null",
            "null", "$", "is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taskDefinitionErrors")
  void taskDefinitionWithTypeError_isOneViolationAtItsJsonPath(TypeErrorCase c) {
    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(c.json());

    assertFalse(r.ok());
    assertNull(r.value(), "value must be null whenever there are violations");
    assertViolations(r.violations(), at(c.path(), c.reasonFragment()));
  }

  @Test
  void taskDefinitionWithValidationErrors_reportsThemWithNullValue() {
    String json = ECS_EXTERNAL.replace("\"networkMode\": \"host\"", "\"networkMode\": \"awsvpc\"")
        .replace("\"image\": \"registry.local/shipper:2\",", "");

    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(json);

    assertNull(r.value());
    assertViolations(r.violations(),
        at("networkMode", "awsvpc needs a VPC"),
        at("containerDefinitions[1].image", "is required"));
  }

  @Test
  void serviceWithTypeError_isReportedAtItsJsonPath() {
    String json = """
        {"serviceName": "web", "taskDefinition": "web:2", "desiredCount": 1,
         "placementConstraints": [{"type": "memberOf", "expression": ["not", "a", "string"]}]}
        """;

    assertViolations(SpecReader.service(json).violations(),
        at("placementConstraints[0].expression", "wrong type"));
  }

  @Test
  void serviceWithUnknownField_isRefusedAtItsPath() {
    String json = """
        {"serviceName": "web", "taskDefinition": "web:2", "desiredCount": 1,
         "deploymentConfiguration": {"maximumPercent": 200, "maxSurge": 1}}
        """;

    assertViolations(SpecReader.service(json).violations(),
        at("deploymentConfiguration.maxSurge", "unknown field"));
  }

  @Test
  void serviceWithFargateLaunchType_isRefused() {
    String json = """
        {"serviceName": "web", "taskDefinition": "web:2", "desiredCount": 1,
         "launchType": "FARGATE"}
        """;

    assertViolations(SpecReader.service(json).violations(), at("launchType", "use EXTERNAL"));
  }

  @Test
  void ecsCreateServiceRequest_isAccepted() {
    String json = """
        {"cluster": "stores", "serviceName": "web", "taskDefinition": "web:2", "desiredCount": 3,
         "launchType": "EXTERNAL",
         "placementConstraints": [
           {"type": "memberOf", "expression": "attribute:ecs.cpu-architecture == arm64"},
           {"type": "distinctInstance"}]}
        """;

    SpecReader.Result<Service> r = SpecReader.service(json);

    assertTrue(r.ok(), () -> r.violations().toString());
    assertEquals(3, r.value().desiredCount());
    assertEquals(2, r.value().constraints().size());
    assertEquals("stores", r.value().cluster(), "stored, not dropped");
    assertEquals("EXTERNAL", r.value().launchType());
  }

  /** Verifies that what the hub writes, the agent reads back unchanged (no field lost). */
  @Test
  void writtenTaskDefinition_readsBackEqual() {
    TaskDefinition td = Fixtures.taskDef()
        .revision(4)
        .memory(256)
        .volume("data", "/srv/data")
        .app(c -> c.command("run", "--fast").env("A", "1").gpus(1).cpu(512)
            .mount("data", "/data")
            .healthCheck(new HealthCheck(List.of("CMD", "true"), 10, 3, 2, 5))
            .restartPolicy(new RestartPolicy(true, "on-failure", 5, List.of(2), 300)))
        .container(Fixtures.container("side").essential(false).memory(null).memoryReservation(16))
        .build();

    SpecReader.Result<TaskDefinition> r = SpecReader.taskDefinition(Json.write(td));

    assertTrue(r.ok(), () -> r.violations().toString());
    assertEquals(td, r.value());
  }
}
