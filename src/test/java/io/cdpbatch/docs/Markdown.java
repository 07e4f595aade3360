package io.cdpbatch.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What the documentation checks need to know about Markdown: prose lines, links and heading anchors. */
final class Markdown {

    /** The repository root: Maven runs tests there and says so in {@code basedir}. */
    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");

    private Markdown() {
    }

    /** A line of a file with its 1-based number. */
    record Line(Path file, int number, String text) {

        String where() {
            return ROOT.relativize(file) + ":" + number;
        }
    }

    /** A relative link written in a Markdown file. */
    record Link(Line line, String target) {
    }

    /** The Markdown files the documentation is made of. */
    static List<Path> documentationFiles() {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md"),
                ROOT.resolve("bench/README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines outside fenced code blocks, where links and headings mean something. */
    static List<Line> proseLines(Path file) {
        List<Line> prose = new ArrayList<>();
        String fence = null;
        List<String> lines = read(file);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            String trimmed = text.stripLeading();
            if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
                fence = trimmed.substring(0, 3);
            } else if (fence != null && trimmed.startsWith(fence)) {
                fence = null;
            } else if (fence == null) {
                prose.add(new Line(file, i + 1, text));
            }
        }
        return prose;
    }

    /** Links to files of this repository (not to web sites, mail addresses or other schemes). */
    static List<Link> relativeLinks(Path file) {
        List<Link> links = new ArrayList<>();
        for (Line line : proseLines(file)) {
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line.text()).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !target.startsWith("//")) {
                    links.add(new Link(line, target));
                }
            }
        }
        return links;
    }

    /** The anchors GitHub gives the headings of a file (plus explicit {@code <a id>} / {@code <a name>}). */
    static Set<String> anchors(Path file) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Line line : proseLines(file)) {
            Matcher heading = HEADING.matcher(line.text());
            if (heading.matches()) {
                String slug = slug(heading.group(2));
                int times = seen.merge(slug, 1, Integer::sum);
                anchors.add(times == 1 ? slug : slug + "-" + (times - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(line.text());
            while (html.find()) {
                anchors.add(html.group(1));
            }
        }
        return anchors;
    }

    /**
     * GitHub's heading slug: the rendered text (no Markdown markup) lower-cased, every character that is
     * not a letter, a digit, a space, a hyphen or an underscore dropped, spaces turned into hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replace("`", "")
                .replaceAll("<[^>]+>", "")
                .replaceAll("(\\*\\*|__)(.*?)\\1", "$2");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
