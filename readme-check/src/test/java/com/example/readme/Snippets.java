package com.example.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The README snippets held in sources: regions between {@code readme:begin NAME} and
 * {@code readme:end NAME} marker lines ({@code //}, {@code <!-- -->} or {@code #} comments).
 * Regions of one name in one file are joined in file order with one blank line between them;
 * each region is de-indented; marker lines are never part of a snippet.
 */
final class Snippets {
    private static final Pattern MARKER = Pattern.compile(
            "^\\s*(?://|<!--|#)\\s*readme:(begin|end)\\s+([A-Za-z0-9._-]+)\\s*(?:-->)?\\s*$");
    /** A comment line that starts like a marker: if it is not one, it is a typo. */
    private static final Pattern ALMOST_MARKER = Pattern.compile("^\\s*(?://|<!--|#)\\s*readme:.*$");

    /** One snippet: the file that holds it, its name there, and its text. */
    record Snippet(Path file, String name, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }

        @Override
        public String toString() {
            return file + " (" + name + ")";
        }
    }

    private Snippets() {
    }

    /** The snippets of one file, in the order their names first appear. */
    static List<Snippet> in(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> joined = new LinkedHashMap<>();
        Map<String, List<String>> open = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = MARKER.matcher(line);
            if (m.matches()) {
                String name = m.group(2);
                if (m.group(1).equals("begin")) {
                    if (open.putIfAbsent(name, new ArrayList<>()) != null) {
                        throw new IllegalStateException(file + ":" + (i + 1) + ": readme:begin " + name + " inside itself");
                    }
                } else {
                    List<String> region = open.remove(name);
                    if (region == null) {
                        throw new IllegalStateException(file + ":" + (i + 1) + ": readme:end " + name + " without a begin");
                    }
                    List<String> text = joined.computeIfAbsent(name, k -> new ArrayList<>());
                    if (!text.isEmpty()) {
                        text.add("");
                    }
                    text.addAll(normalise(region));
                }
            } else if (ALMOST_MARKER.matcher(line).matches()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": a readme marker must be alone on its line "
                        + "as a comment: // readme:begin NAME, <!-- readme:begin NAME -->, # readme:begin NAME");
            } else {
                open.values().forEach(region -> region.add(line));
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException(file + ": readme:begin without readme:end for " + open.keySet());
        }
        return joined.entrySet().stream().map(e -> new Snippet(file, e.getKey(), List.copyOf(e.getValue())))
                .collect(Collectors.toList());
    }

    /** Every snippet in the given files. */
    static List<Snippet> in(List<Path> files) {
        return files.stream().flatMap(f -> in(f).stream()).collect(Collectors.toList());
    }

    /**
     * Lines as compared: trailing white space removed, leading and trailing blank lines dropped,
     * the indentation common to all non-blank lines removed.
     */
    static List<String> normalise(List<String> raw) {
        List<String> lines = raw.stream().map(String::stripTrailing).collect(Collectors.toCollection(ArrayList::new));
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int indent = lines.stream().filter(l -> !l.isEmpty()).mapToInt(Snippets::indentOf).min().orElse(0);
        return lines.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).collect(Collectors.toList());
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    /** Files of {@code module} that may hold snippets: its pom, its Java sources, its resources. */
    static List<Path> candidateFiles(Path module) {
        List<Path> files = new ArrayList<>();
        files.add(module.resolve("pom.xml"));
        for (String dir : List.of("src/main/java", "src/test/java", "src/main/resources", "src/test/resources")) {
            Path root = module.resolve(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files.stream().filter(Files::isRegularFile).filter(Snippets::isText).collect(Collectors.toList());
    }

    private static boolean isText(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".java") || name.endsWith(".xml") || name.endsWith(".yaml") || name.endsWith(".yml")
                || name.endsWith(".properties");
    }
}
