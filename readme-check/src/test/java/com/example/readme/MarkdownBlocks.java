package com.example.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fenced code blocks of a Markdown text, with their language tag and line. */
final class MarkdownBlocks {
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,}|~{3,})\\s*([^`\\s]*).*$");

    /** One fenced block: its language tag ("" when none), first line number (1-based) and text. */
    record Block(String language, int line, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private MarkdownBlocks() {
    }

    /** Every top-level fenced block; a fence inside a longer fence is content. */
    static List<Block> of(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            List<String> body = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.length; j++) {
                String trimmed = lines[j].strip();
                if (trimmed.startsWith(fence) && trimmed.chars().allMatch(c -> c == fence.charAt(0))) {
                    break;
                }
                body.add(stripIndent(lines[j], indent));
            }
            if (j == lines.length) {
                throw new IllegalArgumentException("the fenced block at line " + (i + 1) + " is never closed");
            }
            blocks.add(new Block(open.group(3), i + 1, Snippets.normalise(body)));
            i = j;
        }
        return blocks;
    }

    /** A block inside a list item is indented like the item's text. */
    private static String stripIndent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }
}
