package io.cdpbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages form layers, features on top and the ground below: a package uses only packages of
 * lower layers, never one above it nor one beside it, so the dependencies have no cycle and every
 * arrow points down. Every reference counts, imports and fully qualified names alike (comments
 * aside). The picture is in docs/architecture.md.
 */
class PackageLayersTest {

    /** Top to bottom; packages of one layer do not use each other. */
    static final List<Set<String>> LAYERS = List.of(
            Set.of("cli", "devstack"),
            Set.of("web", "admin", "health"),
            Set.of("retention"),
            Set.of("webhook"),
            Set.of("batch"),
            Set.of("customer"),
            Set.of("pipeline", "intake"),
            Set.of("upload"),
            Set.of("lifecycle"),
            Set.of("auth", "records", "storage"),
            Set.of("common"),
            Set.of("error"));

    static final Path SOURCES = Path.of("src/main/java/io/cdpbatch");
    static final Pattern REFERENCE = Pattern.compile("\\bio\\.cdpbatch\\.([a-z]+)\\.");
    static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void everyPackageIsInALayer() throws IOException {
        Set<String> packages = new TreeSet<>(dependencies().keySet());
        Set<String> layered = new TreeSet<>();
        LAYERS.forEach(layered::addAll);
        assertThat(layered).as("packages of the layers").containsAll(packages);
    }

    @Test
    void everyDependencyPointsToALowerLayer() throws IOException {
        List<String> upward = new ArrayList<>();
        for (Map.Entry<String, Set<String>> entry : dependencies().entrySet()) {
            int from = layer(entry.getKey());
            for (String to : entry.getValue()) {
                if (layer(to) <= from) {
                    upward.add(entry.getKey() + " -> " + to);
                }
            }
        }
        assertThat(upward).as("dependencies that point up or sideways").isEmpty();
    }

    /** Package to the packages it references (itself excluded). */
    static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
                String code = COMMENTS.matcher(Files.readString(file)).replaceAll(" ");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError("package " + pkg + " is in no layer");
    }
}
