package ai.oceum.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The public API of each published module is committed as {@code <module>/api/<artifactId>.api}:
 * a change of the API fails this test, with the lines that changed and the command that updates
 * the dump, so that the change shows in review (no earlier release exists for japicmp yet).
 */
class ApiDumpTest {
    static final String UPDATE_COMMAND = "mvn -B -q package -pl build-checks -am -Dtest=ApiDumpTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Doceum.api.update=true";

    @TestFactory
    Iterable<DynamicTest> each_published_modules_api_matches_its_committed_dump() {
        boolean update = Boolean.getBoolean("oceum.api.update");
        return PublishedModule.ALL.stream()
                .map(m -> DynamicTest.dynamicTest(m.artifactId(), () -> {
                    String actual = ApiDump.of(m.artifactId(), m.importClasses(), m.apiPackage());
                    Path file = m.apiDump();
                    if (update) {
                        Files.createDirectories(file.getParent());
                        Files.writeString(file, actual, StandardCharsets.UTF_8);
                        return;
                    }
                    String committed = read(file);
                    if (!actual.equals(committed)) {
                        throw new AssertionError("The public API of " + m.artifactId() + " differs from "
                                + PublishedModule.repository().relativize(file) + " (- committed, + now):\n"
                                + diff(committed, actual)
                                + "\nIf the change is intended, update the dump and commit it with the change:\n  "
                                + UPDATE_COMMAND);
                    }
                }))
                .toList();
    }

    @Test
    void the_diff_shows_removed_and_added_lines_under_their_type() {
        String before = "# h\n\npublic class a.B\n  public void keep()\n  public void gone()\n";
        String after = "# h\n\npublic class a.B\n  public void keep()\n  public void added(int)\n";
        assertThat(diff(before, after))
                .contains("  public class a.B")
                .contains("- " + "  public void gone()")
                .contains("+ " + "  public void added(int)")
                .doesNotContain("keep");
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** The changed lines (longest common subsequence), each after the type line it belongs to. */
    static String diff(String before, String after) {
        String[] a = before.split("\n", -1);
        String[] b = after.split("\n", -1);
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        String type = null;
        String typeShown = null;
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                if (!a[i].startsWith(" ") && !a[i].isEmpty()) {
                    type = a[i];
                }
                i++;
                j++;
                continue;
            }
            boolean remove = j == b.length || (i < a.length && lcs[i + 1][j] >= lcs[i][j + 1]);
            String line = remove ? a[i++] : b[j++];
            if (line.startsWith(" ") && type != null && !type.equals(typeShown)) {
                out.add("  " + type);
                typeShown = type;
            }
            out.add((remove ? "- " : "+ ") + line);
        }
        return String.join("\n", out);
    }
}
