package dev.backroom.hub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.ws.rs.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of the hub app as docs/architecture.md draws them ("The hub's packages"),
 * checked on the compiled main classes, so an arrow that runs the wrong way fails the build.
 * Bytecode has no trace of a compile-time constant's class ({@code Roles.ADMIN} in an
 * annotation is inlined), so such a use is the one arrow this cannot see.
 */
class HubShapeTest {
  static final String HUB = "dev.backroom.hub";

  /** hub-core's pure decisions (their own module, which may not use the app: it checks that). */
  static final String[] CORE = {HUB + ".core.."};

  /** HTTP plumbing: error bodies and mappers, request records, filters, the caller. */
  static final String[] WEB = {HUB + ".web.."};

  /** The hub's state and the loop that drives the devices; nothing of HTTP. */
  static final String[] ENGINE = {HUB + ".config..", HUB + ".tls..", HUB + ".signing..",
      HUB + ".store..", HUB + ".events..", HUB + ".devices..", HUB + ".deploy..",
      HUB + ".broker..", HUB + ".mqtt..",
      HUB + ".runtime..", HUB + ".standalone.."};

  /** Read models the REST API, the UI and the sync upstream share. */
  static final String[] VIEWS = {HUB + ".views.."};

  /** What a user or the cloud reaches: each has its entry points (resources, sockets, loops). */
  static final String[] FEATURES = {HUB + ".accesskeys..", HUB + ".api..", HUB + ".audit..",
      HUB + ".auth..", HUB + ".compose..", HUB + ".ecs..",
      HUB + ".enrollment..", HUB + ".telemetry..", HUB + ".sync..", HUB + ".ui.."};

  static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(HUB);

  @Test
  void packagesAreFreeOfCycles() {
    slices().matching(HUB + ".(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void layersPointDown() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("core").definedBy(CORE)
        .layer("web").definedBy(WEB)
        .layer("engine").definedBy(ENGINE)
        .layer("views").definedBy(VIEWS)
        .layer("features").definedBy(FEATURES)
        .whereLayer("features").mayNotBeAccessedByAnyLayer()
        .whereLayer("views").mayOnlyBeAccessedByLayers("features")
        .whereLayer("engine").mayOnlyBeAccessedByLayers("views", "features")
        .whereLayer("web").mayOnlyBeAccessedByLayers("views", "features")
        .whereLayer("core").mayOnlyBeAccessedByLayers("engine", "views", "features")
        // a new package has to be given its layer here and in docs/architecture.md
        .ensureAllClassesAreContainedInArchitectureIgnoring(HUB)
        .check(MAIN);
  }

  @Test
  void resourcesAreEntryPointsOnly() {
    classes().should(notDependOnResourcesOfOtherPackages()).check(MAIN);
  }

  /**
   * A JAX-RS resource (a class annotated {@link Path}, or a type nested in one) is used by the
   * HTTP layer, not by code of another package: what two features share is a service or a view.
   */
  static ArchCondition<JavaClass> notDependOnResourcesOfOtherPackages() {
    return new ArchCondition<>("not depend on a JAX-RS resource of another package") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass().getBaseComponentType();
          if (!target.getPackageName().equals(origin.getPackageName())
              && resource(target).isPresent()) {
            events.add(SimpleConditionEvent.violated(d, d.getDescription()));
          }
        }
      }
    };
  }

  /** The resource {@code c} is or is nested in. */
  static Optional<JavaClass> resource(JavaClass c) {
    for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
      if (k.get().isAnnotatedWith(Path.class)) {
        return k;
      }
    }
    return Optional.empty();
  }
}
