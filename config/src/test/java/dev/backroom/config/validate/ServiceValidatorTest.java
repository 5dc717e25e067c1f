package dev.backroom.config.validate;

import static dev.backroom.config.Fixtures.service;
import static dev.backroom.config.validate.ViolationAssert.assertViolations;
import static dev.backroom.config.validate.ViolationAssert.at;

import dev.backroom.config.Fixtures.Svc;
import dev.backroom.config.validate.ViolationAssert.Expect;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceValidatorTest {

  record Case(String name, UnaryOperator<Svc> change, List<Expect> expected) {
    Case(String name, UnaryOperator<Svc> change, Expect... expected) {
      this(name, change, Arrays.asList(expected));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("minimal service is valid", s -> s),
        new Case("family:revision reference is valid", s -> s.taskDefinition("web:3")),
        new Case("desiredCount zero is valid", s -> s.desiredCount(0)),
        new Case("memberOf with a well-formed expression is valid",
            s -> s.constraint("memberOf", "attribute:ecs.cpu-architecture == arm64")),
        new Case("distinctInstance and distinctDevice without expression are valid",
            s -> s.constraint("distinctInstance", null).constraint("distinctDevice", null)),

        new Case("missing serviceName",
            s -> s.serviceName(null),
            at("serviceName", "is required")),
        new Case("serviceName with a slash",
            s -> s.serviceName("a/b"),
            at("serviceName", "letters, digits")),
        new Case("missing taskDefinition",
            s -> s.taskDefinition(""),
            at("taskDefinition", "is required")),
        new Case("missing desiredCount",
            s -> s.desiredCount(null),
            at("desiredCount", "is required")),
        new Case("negative desiredCount",
            s -> s.desiredCount(-1),
            at("desiredCount", "between 0 and 10000 but is -1")),
        new Case("taskDefinition given as an ARN",
            s -> s.taskDefinition("arn:aws:ecs:eu-west-1:1:task-definition/web:1"),
            at("taskDefinition", "family or family:revision")),
        new Case("taskDefinition with a revision beyond an int",
            s -> s.taskDefinition("hello:99999999999999999999"),
            at("taskDefinition", "family or family:revision")),
        new Case("taskDefinition with the largest revision", s -> s.taskDefinition("web:999999999")),
        new Case("taskDefinition with revision zero",
            s -> s.taskDefinition("web:0"),
            at("taskDefinition", "family or family:revision")),
        new Case("taskDefinition with an empty revision",
            s -> s.taskDefinition("web:"),
            at("taskDefinition", "family or family:revision")),
        new Case("memberOf expression that does not parse",
            s -> s.constraint("memberOf", "attribute:ecs.cpu-architecture ~~ arm64"),
            at("placementConstraints[0].expression", "does not parse: unknown operator '~~'")),
        new Case("memberOf without expression",
            s -> s.constraint("memberOf", null),
            at("placementConstraints[0].expression", "does not parse: expression is empty")),
        new Case("unknown constraint type",
            s -> s.constraint("spread", "attribute:zone"),
            at("placementConstraints[0].type", "unknown constraint type 'spread'")),
        new Case("constraint without type",
            s -> s.constraint(null, "attribute:zone exists"),
            at("placementConstraints[0].type", "is required")),
        new Case("distinctInstance with an expression",
            s -> s.constraint("distinctInstance", "attribute:zone exists"),
            at("placementConstraints[0].expression", "is not allowed for distinctInstance")),
        new Case("second constraint is reported at its own index",
            s -> s.constraint("memberOf", "attribute:a exists").constraint("memberOf", "attribute:"),
            at("placementConstraints[1].expression", "does not parse")),
        new Case("every field wrong at once",
            s -> s.serviceName(" ").taskDefinition(null).desiredCount(10_001)
                .constraint("memberOf", "(attribute:a exists").constraint("nope", null),
            at("serviceName", "is required"),
            at("taskDefinition", "is required"),
            at("desiredCount", "between 0 and 10000"),
            at("placementConstraints[0].expression", "does not parse"),
            at("placementConstraints[1].type", "unknown constraint type 'nope'")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void validate_reportsExactlyTheExpectedViolations(Case c) {
    assertViolations(ServiceValidator.validate(c.change().apply(service()).build()), c.expected());
  }

  @Test
  void nullService_isOneViolationAtRoot() {
    assertViolations(ServiceValidator.validate(null), at("$", "is required"));
  }
}
