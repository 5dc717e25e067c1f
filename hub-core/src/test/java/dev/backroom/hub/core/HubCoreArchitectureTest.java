package dev.backroom.hub.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.backroom.hub.archfixture.HubAppClass;
import dev.backroom.hub.core.archfixture.ReachesOut;
import dev.backroom.hub.core.scheduler.Scheduler;
import org.junit.jupiter.api.Test;

/**
 * The hub's decisions stay pure functions over desired state, observed state and time: no class
 * of hub-core may reach a framework, the database or the hub app around it. A decision that
 * needs one of those takes its result as data instead.
 */
class HubCoreArchitectureTest {

  static final ArchRule NO_FRAMEWORK_NO_DATABASE = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage(
          "io.quarkus..", "jakarta..", "javax.sql..", "java.sql..", "io.vertx..")
      .because("hub-core is framework-free decision code: the hub app does the I/O");

  static final ArchRule NO_HUB_APP = noClasses()
      .should().dependOnClassesThat(DescribedPredicate.describe(
          "are hub app classes (dev.backroom.hub outside dev.backroom.hub.core)",
          HubCoreArchitectureTest::hubApp))
      .because("the arrow points from the hub app to its core, never back");

  private static boolean hubApp(JavaClass c) {
    String p = c.getPackageName();
    return (p.equals("dev.backroom.hub") || p.startsWith("dev.backroom.hub."))
        && !p.equals("dev.backroom.hub.core") && !p.startsWith("dev.backroom.hub.core.");
  }

  @Test
  void hubCore_importsNoFrameworkDatabaseOrHubApp() {
    JavaClasses core = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.backroom.hub.core");
    // Guards against a rule that passes because it looked at nothing.
    assertTrue(core.contain(Scheduler.class), "hub-core's classes were imported");
    NO_FRAMEWORK_NO_DATABASE.check(core);
    NO_HUB_APP.check(core);
  }

  /** Positive control: a core class that reaches JDBC and the hub app breaks both rules. */
  @Test
  void theRules_catchAClassThatReachesOut() {
    JavaClasses bad = new ClassFileImporter().importClasses(ReachesOut.class, HubAppClass.class);
    EvaluationResult jdbc = NO_FRAMEWORK_NO_DATABASE.evaluate(bad);
    EvaluationResult app = NO_HUB_APP.evaluate(bad);
    assertTrue(jdbc.hasViolation(), "java.sql use not reported");
    assertTrue(jdbc.getFailureReport().toString().contains("java.sql.Connection"),
        jdbc.getFailureReport().toString());
    assertTrue(app.hasViolation(), "hub app use not reported");
    assertTrue(app.getFailureReport().toString().contains(HubAppClass.class.getName()),
        app.getFailureReport().toString());
    assertFalse(NO_HUB_APP.evaluate(new ClassFileImporter().importClasses(Scheduler.class))
        .hasViolation(), "core using core is fine");
  }
}
