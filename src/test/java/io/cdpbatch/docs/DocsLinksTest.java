package io.cdpbatch.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every relative link of the documentation leads somewhere: to a file or folder of the repository and,
 * with a {@code #anchor} into a Markdown file, to one of its headings.
 */
class DocsLinksTest {

    @Test
    void everyRelativeLinkResolves() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : Markdown.documentationFiles()) {
            assertThat(file).as("documentation file").exists();
            for (Markdown.Link link : Markdown.relativeLinks(file)) {
                checked++;
                String problem = problem(file, link.target());
                if (problem != null) {
                    broken.add(link.line().where() + ": (" + link.target() + ") " + problem);
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        // The README alone links every docs/ page: far fewer means the parser stopped seeing links.
        assertThat(checked).as("links checked").isGreaterThan(50);
    }

    @Test
    void slugsFollowGitHub() {
        assertThat(Markdown.slug("4. Create the Secret")).isEqualTo("4-create-the-secret");
        assertThat(Markdown.slug("The file, line by line")).isEqualTo("the-file-line-by-line");
        assertThat(Markdown.slug("Query parameters of `GET /v2/batches/inspect`"))
                .isEqualTo("query-parameters-of-get-v2batchesinspect");
        assertThat(Markdown.slug("Failed-records file")).isEqualTo("failed-records-file");
        assertThat(Markdown.slug("See [the API](api.md) **now**")).isEqualTo("see-the-api-now");
    }

    /** What is wrong with a link from {@code file}, or null when it resolves. */
    private static String problem(Path file, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(Markdown.ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file: " + Markdown.ROOT.relativize(resolved);
        }
        if (anchor != null && resolved.toString().endsWith(".md") && !Markdown.anchors(resolved).contains(anchor)) {
            return "no heading with the anchor #" + anchor + " in " + Markdown.ROOT.relativize(resolved);
        }
        return null;
    }
}
