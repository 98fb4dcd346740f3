package com.example.readme;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is: the build passes it as {@code oceum.repository}; from an IDE, the parent of this module. */
final class Repository {
    private Repository() {
    }

    static Path root() {
        String configured = System.getProperty("oceum.repository");
        Path root = (configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent()).normalize();
        if (!Files.isRegularFile(root.resolve("README.md")) || !Files.isRegularFile(root.resolve("pom.xml"))) {
            throw new IllegalStateException("no README.md and pom.xml in " + root + ": set -Doceum.repository");
        }
        return root;
    }
}
