package io.cdpbatch.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles copy what the build produces, and .dockerignore lets exactly that through. Runs
 * after package (failsafe), when target/quarkus-app exists; no Docker engine is needed.
 */
class DockerfilesIT {

    static final Path DOCKER = Path.of("src/main/docker");
    static final Pattern COPY = Pattern.compile("^COPY\\s+(?:--\\S+\\s+)*(\\S+)\\s+(\\S+)\\s*$", Pattern.MULTILINE);

    @Test
    void jvmImageCopiesTheFastJarLayoutAsUser185() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile.jvm"));
        List<String> sources = sources(dockerfile);
        assertThat(sources).containsExactly("target/quarkus-app/lib/", "target/quarkus-app/quarkus-run.jar",
                "target/quarkus-app/app/", "target/quarkus-app/quarkus/");
        for (String source : sources) {
            assertThat(Path.of(source)).as(source + " after ./mvnw package").exists();
        }
        assertThat(Path.of("target/quarkus-app/lib/main")).isDirectory();
        assertThat(Path.of("target/quarkus-app/lib/boot")).isDirectory();
        // Everything the fast-jar needs at run time is copied: nothing else is in target/quarkus-app except metadata.
        try (Stream<Path> entries = Files.list(Path.of("target/quarkus-app"))) {
            List<String> names = entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(".txt") && !n.endsWith(".dat"))
                    .sorted().toList();
            assertThat(names).containsExactly("app", "lib", "quarkus", "quarkus-run.jar");
        }
        assertUser(dockerfile, "185");
        assertThat(dockerfile).contains("FROM registry.access.redhat.com/ubi9/openjdk-17-runtime:")
                .contains("ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"").contains("./mvnw package")
                .contains("docker build -f src/main/docker/Dockerfile.jvm").contains("docker run -i --rm -p 8080:8080");
    }

    @Test
    void legacyJarImage() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile.legacy-jar"));
        assertThat(sources(dockerfile)).containsExactly("target/lib/", "target/*-runner.jar");
        assertUser(dockerfile, "185");
        assertThat(dockerfile).contains("-Dquarkus.package.jar.type=legacy-jar")
                .contains("docker build -f src/main/docker/Dockerfile.legacy-jar");
    }

    @Test
    void nativeImages() throws IOException {
        for (String name : List.of("Dockerfile.native", "Dockerfile.native-micro")) {
            String dockerfile = Files.readString(DOCKER.resolve(name));
            assertThat(sources(dockerfile)).as(name).containsExactly("target/*-runner");
            assertUser(dockerfile, "1001");
            assertThat(dockerfile).as(name).contains("./mvnw package -Dnative")
                    .contains("docker build -f src/main/docker/" + name)
                    .contains("docker run -i --rm -p 8080:8080");
        }
    }

    /**
     * Every image starts its JVM (or native executable) with -XX:+ExitOnOutOfMemoryError: after an OutOfMemoryError
     * the process exits and is restarted instead of running on half broken.
     */
    @Test
    void everyImageExitsOnOutOfMemoryError() throws IOException {
        Pattern javaOpts = Pattern.compile("^ENV JAVA_OPTS_APPEND=\"([^\"]*)\"$", Pattern.MULTILINE);
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.legacy-jar")) {
            Matcher options = javaOpts.matcher(Files.readString(DOCKER.resolve(name)));
            assertThat(options.find()).as(name + " sets JAVA_OPTS_APPEND").isTrue();
            assertThat(options.group(1).split(" ")).as(name).contains("-XX:+ExitOnOutOfMemoryError",
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        }
        Pattern entrypoint = Pattern.compile("^ENTRYPOINT \\[(.*)\\]$", Pattern.MULTILINE);
        for (String name : List.of("Dockerfile.native", "Dockerfile.native-micro")) {
            Matcher command = entrypoint.matcher(Files.readString(DOCKER.resolve(name)));
            assertThat(command.find()).as(name + " has an ENTRYPOINT").isTrue();
            List<String> arguments = List.of(command.group(1).split(",")).stream().map(a -> a.trim().replace("\"", ""))
                    .toList();
            assertThat(arguments).as(name).startsWith("./application").contains("-XX:+ExitOnOutOfMemoryError");
        }
    }

    /** With the JVM build present, .dockerignore lets through exactly the files Dockerfile.jvm copies. */
    @Test
    void dockerignoreLetsExactlyTheCopiedFilesThrough() throws IOException {
        List<String[]> rules = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(".dockerignore"))) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                rules.add(trimmed.startsWith("!") ? new String[] { "include", trimmed.substring(1) }
                        : new String[] { "exclude", trimmed });
            }
        }
        TreeSet<String> included = new TreeSet<>();
        TreeSet<String> all = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            files.filter(Files::isRegularFile).map(p -> Path.of(".").relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(".git/")).forEach(p -> {
                        all.add(p);
                        if (included(p, rules)) {
                            included.add(p);
                        }
                    });
        }
        TreeSet<String> copied = new TreeSet<>();
        for (String source : sources(Files.readString(DOCKER.resolve("Dockerfile.jvm")))) {
            String prefix = source.endsWith("/") ? source : source;
            all.stream().filter(p -> source.endsWith("/") ? p.startsWith(prefix) : p.equals(prefix)).forEach(copied::add);
        }
        // Files of other package types (legacy jar, native runner) are allowed through too when present.
        included.removeIf(p -> p.matches("target/[^/]*-runner(\\.jar)?") || p.startsWith("target/lib/"));
        assertThat(copied).isNotEmpty();
        assertThat(included).isEqualTo(copied);
        assertThat(included).noneMatch(p -> p.startsWith("src/") || p.equals("pom.xml") || p.startsWith(".dev-data/"));
    }

    static List<String> sources(String dockerfile) {
        List<String> sources = new ArrayList<>();
        Matcher matcher = COPY.matcher(dockerfile);
        while (matcher.find()) {
            sources.add(matcher.group(1));
        }
        return sources;
    }

    static void assertUser(String dockerfile, String user) {
        assertThat(dockerfile).contains("\nUSER " + user + "\n").contains("\nEXPOSE 8080 9000\n");
        Matcher chown = Pattern.compile("--chown=(\\d+)").matcher(dockerfile);
        while (chown.find()) {
            assertThat(chown.group(1)).isEqualTo(user);
        }
    }

    /** Docker's rule: the last pattern matching the path or one of its parent directories decides. */
    static boolean included(String path, List<String[]> rules) {
        boolean included = true;
        for (String[] rule : rules) {
            Pattern glob = glob(rule[1]);
            String candidate = path;
            boolean matches = false;
            while (true) {
                if (glob.matcher(candidate).matches()) {
                    matches = true;
                    break;
                }
                int slash = candidate.lastIndexOf('/');
                if (slash < 0) {
                    break;
                }
                candidate = candidate.substring(0, slash);
            }
            if (matches) {
                included = rule[0].equals("include");
            }
        }
        return included;
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        String cleaned = glob.endsWith("/") ? glob.substring(0, glob.length() - 1) : glob;
        for (char c : cleaned.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
