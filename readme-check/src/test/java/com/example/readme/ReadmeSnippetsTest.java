package com.example.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.readme.MarkdownBlocks.Block;
import com.example.readme.Snippets.Snippet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * README.md is code: every code block in it is found, verbatim, in a source that {@code mvn -B verify}
 * compiles or loads, so the README cannot drift from what works.
 *
 * <p><b>Convention for a README section</b> (whoever adds one, e.g. Spring or agentic modules):
 * <ol>
 *   <li>Put each block's text in a source of a module of the default build (the root pom's
 *       {@code <modules>}), between marker lines: {@code // readme:begin NAME} / {@code // readme:end NAME}
 *       in Java, {@code <!-- readme:begin NAME -->} / {@code <!-- readme:end NAME -->} in XML,
 *       {@code # readme:begin NAME} / {@code # readme:end NAME} in YAML and properties. Regions of one
 *       NAME in one file are joined in file order with a blank line between them (imports, then code
 *       inside a method); each region is de-indented; marker lines are never part of the text.</li>
 *   <li>Java goes under {@code src/main/java} or {@code src/test/java} (compiled). Prefer this
 *       module's {@code src/main/java}: it compiles against exactly the dependencies the README tells
 *       users to add, which are this module's pom, itself marked the same way. A framework that
 *       cannot share this classpath (a second Spring Boot line) keeps its snippets in its own module.</li>
 *   <li>XML, YAML and properties go in a {@code pom.xml} (Maven loads it) or in a resource that a
 *       test of the same module loads: the resource's path below {@code src/test/resources} (or
 *       {@code src/main/resources}) must appear in one of that module's test sources.</li>
 *   <li>Blocks tagged java, xml, yaml, yml or properties are checked; bash, sh, shell, console and
 *       text are not code and are exempt. Any other tag, or none, fails: decide which it is here.</li>
 *   <li>Where a snippet can run without outside services, a test runs it (QuickStartTest,
 *       ReadmeLogbackTest, ReadmeLangChain4jTest, ReadmeSpringAiTest, ReadmeAgenticTest; the Spring
 *       Boot properties in the starter's tests-boot4, AiDeskAppTest).</li>
 * </ol>
 * Every marked region must appear in the README too: a region nobody shows fails the build.
 */
class ReadmeSnippetsTest {
    private static final Set<String> CHECKED = Set.of("java", "xml", "yaml", "yml", "properties");
    private static final Set<String> EXEMPT = Set.of("bash", "sh", "shell", "console", "text");

    private static Path root;
    private static List<Block> blocks;
    private static List<Snippet> snippets;

    @BeforeAll
    static void read() throws IOException {
        root = Repository.root();
        blocks = MarkdownBlocks.of(Files.readString(root.resolve("README.md")));
        List<Path> files = new ArrayList<>();
        for (String module : modules(root.resolve("pom.xml"))) {
            files.addAll(Snippets.candidateFiles(root.resolve(module)));
        }
        snippets = Snippets.in(files);
    }

    @Test
    void everyCodeBlockOfTheReadmeIsASnippetTheBuildCompilesOrLoads() {
        assertThat(blocks).as("README.md's code blocks").filteredOn(b -> CHECKED.contains(b.language())).hasSizeGreaterThan(10);
        List<String> problems = new ArrayList<>();
        for (Block block : blocks) {
            String language = block.language();
            if (EXEMPT.contains(language)) {
                continue;
            }
            if (!CHECKED.contains(language)) {
                problems.add("README.md:" + block.line() + ": a block tagged '" + language + "': tag it as one of "
                        + CHECKED + " (then it is checked) or " + EXEMPT + " (not code)");
                continue;
            }
            if (snippets.stream().noneMatch(s -> fits(s, language) && s.lines().equals(block.lines()))) {
                problems.add("README.md:" + block.line() + ": this " + language + " block is not in any marked source"
                        + closest(block, language));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySnippetIsInTheReadme() {
        List<String> orphans = snippets.stream()
                .filter(s -> blocks.stream().noneMatch(b -> fits(s, b.language()) && b.lines().equals(s.lines())))
                .map(s -> root.relativize(s.file()) + " (" + s.name() + ")")
                .collect(Collectors.toList());
        assertThat(orphans).as("marked regions that README.md does not show: remove the markers or put the block "
                + "back in the README").isEmpty();
    }

    @Test
    void everySnippetSourceIsCompiledOrLoadedByTheBuild() throws IOException {
        List<String> unloaded = new ArrayList<>();
        for (Path file : snippets.stream().map(Snippet::file).distinct().collect(Collectors.toList())) {
            Path relative = root.relativize(file);
            String path = relative.toString().replace('\\', '/');
            if (path.endsWith(".java") && (path.contains("/src/main/java/") || path.contains("/src/test/java/"))
                    || relative.getFileName().toString().equals("pom.xml") && relative.getNameCount() == 2) {
                continue; // compiled, or read by Maven
            }
            // The module may be nested (oceum-spring-boot-starter/tests-boot4): everything before its src/.
            Matcher resource = Pattern.compile("^(.+?)/src/(?:main|test)/resources/(.+)$").matcher(path);
            if (!resource.matches() || !mentionedByATest(root.resolve(resource.group(1)), resource.group(2))) {
                unloaded.add(path + ": no test of its module names '" + (resource.matches() ? resource.group(2) : path)
                        + "', so nothing shows that it loads");
            }
        }
        assertThat(unloaded).isEmpty();
    }

    @Test
    void readmeNamesTheVersionsTheBuildIsTestedWith() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        Map<String, String> expected = new LinkedHashMap<>();
        String langchain4j = text(pom, "langchain4j.version");
        expected.put("oceum-bom", text(pom, "version"));
        expected.put("langchain4j", langchain4j);
        expected.put("langchain4j-open-ai", langchain4j);
        expected.put("logback-classic", text(pom, "logback.version"));
        expected.put("langchain4j-agentic", text(pom, "langchain4j-agentic.version"));
        expected.put("spring-ai-openai", text(pom, "spring-ai2.version"));
        expected.put("spring-ai-client-chat", text(pom, "spring-ai2.version"));

        Map<String, String> shown = new LinkedHashMap<>();
        Pattern dependency = Pattern.compile(
                "<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>", Pattern.MULTILINE);
        for (Block block : blocks) {
            if (block.language().equals("xml")) {
                Matcher m = dependency.matcher(block.text());
                while (m.find()) {
                    shown.put(m.group(1), m.group(2));
                }
            }
        }
        assertThat(shown).containsAllEntriesOf(expected);
    }

    private static boolean fits(Snippet snippet, String language) {
        String name = snippet.file().getFileName().toString();
        return switch (language) {
            case "java" -> name.endsWith(".java");
            case "xml" -> name.endsWith(".xml");
            case "yaml", "yml" -> name.endsWith(".yaml") || name.endsWith(".yml");
            case "properties" -> name.endsWith(".properties");
            default -> false;
        };
    }

    /** The snippet most like the block, and the first line where they differ: what to fix. */
    private static String closest(Block block, String language) {
        Snippet best = null;
        long bestShared = 0;
        for (Snippet s : snippets) {
            if (!fits(s, language)) {
                continue;
            }
            long shared = block.lines().stream().filter(s.lines()::contains).count();
            if (shared > bestShared) {
                best = s;
                bestShared = shared;
            }
        }
        if (best == null) {
            return "; no marked source is like it: add one (see the convention at the top of ReadmeSnippetsTest)";
        }
        List<String> a = block.lines();
        List<String> b = best.lines();
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return "; closest: " + root.relativize(best.file()) + " (" + best.name() + "), first difference at line "
                + (i + 1) + " of the block:\n  README: " + (i < a.size() ? a.get(i) : "<end>")
                + "\n  source: " + (i < b.size() ? b.get(i) : "<end>");
    }

    private static boolean mentionedByATest(Path module, String resourcePath) throws IOException {
        Path tests = module.resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(tests)) {
            return walk.filter(p -> p.toString().endsWith(".java")).anyMatch(p -> read(p).contains(resourcePath));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The modules of the default build: {@code <project><modules>}, not those of profiles. */
    private static List<String> modules(Path pom) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
            List<String> modules = new ArrayList<>();
            for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("modules")) {
                    NodeList list = e.getElementsByTagName("module");
                    for (int i = 0; i < list.getLength(); i++) {
                        modules.add(list.item(i).getTextContent().strip());
                    }
                }
            }
            return modules;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the modules of " + pom, e);
        }
    }

    /** The text of the first element {@code name} directly under project or project/properties. */
    private static String text(Document pom, String name) {
        for (Node n = pom.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (e.getTagName().equals(name)) {
                    return e.getTextContent().strip();
                }
                if (e.getTagName().equals("properties")) {
                    NodeList found = e.getElementsByTagName(name);
                    if (found.getLength() > 0) {
                        return found.item(0).getTextContent().strip();
                    }
                }
            }
        }
        throw new IllegalStateException("the root pom has no " + name);
    }
}
