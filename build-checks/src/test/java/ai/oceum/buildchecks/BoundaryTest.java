package ai.oceum.buildchecks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.oceum.integration.Diagnostics;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The integration boundary of docs/architecture.md: oceum-core's internal packages are its own;
 * every other module uses the public API and {@code ai.oceum.integration}. Why ArchUnit rather
 * than module-info with qualified exports: see docs/architecture.md.
 */
class BoundaryTest {

    /** The packages of oceum-core named internal, read from its classes (so a new one is covered at once). */
    private static Set<String> coreInternalPackages() {
        JavaClasses core = PublishedModule.ALL.get(0).importClasses();
        return core.stream()
                .map(JavaClass::getPackageName)
                .filter(p -> p.endsWith(".internal") || p.contains(".internal."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static ArchRule noUseOfCoreInternals(Set<String> internals) {
        return noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(internals.toArray(String[]::new))
                .because("oceum-core's internal packages change without notice; adapters use the public API"
                        + " and ai.oceum.integration (docs/architecture.md)");
    }

    @TestFactory
    Iterable<DynamicTest> no_module_but_the_core_uses_the_cores_internal_packages() {
        Set<String> internals = coreInternalPackages();
        return java.util.stream.Stream.concat(PublishedModule.ALL.stream().skip(1), PublishedModule.SAMPLES.stream())
                .map(m -> DynamicTest.dynamicTest(m.artifactId(), () -> {
                    JavaClasses classes = m.importClasses();
                    assertThat(classes).as("main classes of %s", m.dir()).isNotEmpty();
                    noUseOfCoreInternals(internals).check(classes);
                }))
                .toList();
    }

    @Test
    void the_core_has_internal_packages_to_guard() {
        assertThat(coreInternalPackages()).contains("ai.oceum.internal.delivery", "ai.oceum.internal.util");
    }

    @Test
    void a_class_that_uses_a_core_internal_fails_the_check_and_is_named() {
        // A class of oceum-core's integration package does use internals (it may: it is the core):
        // checked as if it were an adapter's, it shows that the rule catches such a use.
        JavaClasses user = new ClassFileImporter().importClasses(Diagnostics.class);
        assertThatThrownBy(() -> noUseOfCoreInternals(coreInternalPackages()).check(user))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(Diagnostics.class.getName())
                .hasMessageContaining("ai.oceum.internal.util.ThrottledLogger");
    }

    @Test
    void inside_the_core_spool_transport_and_event_know_nothing_of_delivery() {
        JavaClasses core = PublishedModule.ALL.get(0).importClasses();
        noClasses()
                .that()
                .resideInAnyPackage(
                        "ai.oceum.internal.spool..",
                        "ai.oceum.internal.transport..",
                        "ai.oceum.internal.event..",
                        "ai.oceum.internal.json..",
                        "ai.oceum.internal.util..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.oceum.internal.delivery..")
                .because("delivery uses them, not the other way round (docs/architecture.md)")
                .check(core);
        noClasses()
                .that()
                .resideInAPackage("ai.oceum.internal.delivery..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("ai.oceum.internal.transport.HttpTransport")
                .because("delivery sees the wire through the Transport interface only")
                .check(core);
    }
}
