package io.cdpbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * target/cdp-batch-cli.jar, as a user who downloaded it runs it: copied alone into an empty folder and started with
 * {@code java -jar}, no class path, no source checkout (runs after package).
 */
class CliJarIT {

    static final Path JAR = Path.of("target/cdp-batch-cli.jar");

    record Run(int exitCode, String out) {
    }

    static Run run(Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CDP_BATCH_"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out);
    }

    @Test
    void theJarRunsAloneWithJavaDashJar() throws Exception {
        assertThat(JAR).as("run ./mvnw package first").isRegularFile();
        Path dir = Files.createTempDirectory("cdp-batch-cli-jar");
        Path jar = Files.copy(JAR, dir.resolve("cdp-batch-cli.jar"));
        try {
            Run version = run(jar, "--version");
            assertThat(version.exitCode()).as(version.out()).isZero();
            assertThat(version.out().strip()).isEqualTo("cdp-batch 1.0");

            Run completion = run(jar, "completion");
            assertThat(completion.exitCode()).as(completion.out()).isZero();
            assertThat(completion.out()).contains("complete -F _complete_cdp-batch");

            Run noCredentials = run(jar, "status", "5b3f1a9e-6f0e-4c1b-9d2a-0c8e4f6a7b10");
            assertThat(noCredentials.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(noCredentials.out()).startsWith("cdp-batch: missing credentials");
        } finally {
            Files.delete(jar);
            Files.delete(dir);
        }
    }

    /** Only the CLI, picocli and Jackson: nothing of the service or of Quarkus. */
    @Test
    void theJarHoldsTheCliAndItsTwoLibrariesOnly() throws IOException {
        List<String> foreign = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(CdpBatchCli.class.getName());
            // multi-release classes (META-INF/versions/<n>/...) count as their package
            jar.stream().map(e -> e.getName().replaceFirst("^META-INF/versions/\\d+/", ""))
                    .filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.startsWith("io/cdpbatch/cli/") && !n.startsWith("picocli/")
                            && !n.startsWith("com/fasterxml/jackson/"))
                    .forEach(foreign::add);
        }
        assertThat(foreign).isEmpty();
    }
}
