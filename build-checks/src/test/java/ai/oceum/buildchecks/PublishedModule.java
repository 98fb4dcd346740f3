package ai.oceum.buildchecks;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * A module of this build as the checks see it (a published one, or a sample): its directory, its artifact id, its
 * compiled main classes ({@code target/classes}, never a shaded jar) and which of its packages
 * are public API.
 *
 * @param dir the module's directory, relative to the repository root
 * @param artifactId its artifact id, which names its API dump
 * @param apiPackage which packages hold its public API (the dump lists their public types)
 */
record PublishedModule(String dir, String artifactId, Predicate<String> apiPackage) {
    static final String CORE = "oceum-core";

    /** Every published jar, oceum-core first. */
    static final List<PublishedModule> ALL = List.of(
            new PublishedModule("oceum-core", CORE, PublishedModule::notInternal),
            new PublishedModule("oceum-langchain4j", "oceum-langchain4j", PublishedModule::notInternal),
            new PublishedModule("oceum-langchain4j-agentic", "oceum-langchain4j-agentic", PublishedModule::notInternal),
            new PublishedModule("oceum-slf4j-appender", "oceum-slf4j-appender", PublishedModule::notInternal),
            new PublishedModule("oceum-javaagent", "oceum-javaagent", PublishedModule::notInternal),
            new PublishedModule("oceum-spring-ai", "oceum-spring-ai", PublishedModule::notInternal),
            new PublishedModule("oceum-spring-boot-starter", "oceum-spring-boot-starter", PublishedModule::notInternal),
            new PublishedModule(
                    "oceum-spring-boot-starter/health",
                    "oceum-spring-boot-starter-health",
                    PublishedModule::notInternal),
            // The dev server's embedding API is its top package (DevServer, DevServerConfig…); the
            // http, protocol, processing and vault packages are its inside, public only across them.
            new PublishedModule("oceum-devserver", "oceum-devserver", "ai.oceum.devserver"::equals));

    /**
     * Modules with main classes that are not published but show users how to use Oceum: held to
     * the same boundary (a sample that used internals would teach it), not dumped.
     */
    static final List<PublishedModule> SAMPLES = List.of(
            new PublishedModule("samples", "samples", p -> false),
            new PublishedModule("samples/spring-boot", "oceum-sample-spring-boot", p -> false),
            new PublishedModule("samples/spring-ai", "samples-spring-ai", p -> false));

    /** The repository root (the surefire configuration sets it). */
    static Path repository() {
        String root = System.getProperty("oceum.repository");
        if (root == null) {
            throw new IllegalStateException("run through Maven: the system property oceum.repository is not set");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    Path classesDir() {
        Path classes = repository().resolve(dir).resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException(
                    classes + " does not exist: build with the reactor, e.g. " + "mvn -B verify -pl build-checks -am");
        }
        return classes;
    }

    /** The module's main classes, nothing of its dependencies. */
    JavaClasses importClasses() {
        return new ClassFileImporter().importPath(classesDir());
    }

    /** The committed dump of its public API. */
    Path apiDump() {
        return repository().resolve(dir).resolve("api").resolve(artifactId + ".api");
    }

    private static boolean notInternal(String packageName) {
        return !(packageName.endsWith(".internal") || packageName.contains(".internal."));
    }
}
