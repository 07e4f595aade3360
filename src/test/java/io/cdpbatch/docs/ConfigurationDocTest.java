package io.cdpbatch.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappings;

/**
 * docs/configuration.md documents exactly the {@code batch.*} keys the code reads: every
 * {@code @ConfigMapping} (its prefix and each method, nested groups included, as SmallRye Config names
 * them), every {@code @ConfigProperty(name = ...)}, the keys a config source factory reads, and the
 * {@code batch.*} keys of application.properties. A documented row also gives the key's environment
 * variable and its default as the code has it. {@code quarkus.*} keys are documented too, but their
 * code side is Quarkus itself, so only {@code batch.*} is compared.
 */
class ConfigurationDocTest {

    private static final Path SOURCES = Markdown.ROOT.resolve("src/main/java");
    private static final Path PAGE = Markdown.ROOT.resolve("docs/configuration.md");

    /** A table row of the page: {@code | `key` | `ENV` or — | default | meaning |}. */
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|([^|]*)\\|([^|]*)\\|.*\\|\\s*$");
    private static final Pattern CONFIG_PROPERTY = Pattern
            .compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"(?:\\s*,\\s*defaultValue\\s*=\\s*\"([^\"]*)\")?");
    private static final Pattern KEY_LITERAL = Pattern.compile("\"(batch\\.[a-z0-9.*-]+)\"");
    private static final Pattern FIRST_CODE_SPAN = Pattern.compile("`([^`]*)`");

    @Test
    void theCodeAndThePageNameTheSameKeys() {
        Map<String, String> code = codeKeys();
        Map<String, Row> documented = documentedKeys();

        Set<String> undocumented = new TreeSet<>(code.keySet());
        undocumented.removeAll(documented.keySet());
        Set<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeAll(code.keySet());

        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(undocumented).as("keys the code reads that docs/configuration.md does not document")
                    .isEmpty();
            softly.assertThat(unknown).as("keys docs/configuration.md documents that no code reads").isEmpty();
            // Far fewer keys than the features have means the scan of the code stopped working.
            softly.assertThat(code).as("batch.* keys found in the code").hasSizeGreaterThan(50);
        });
    }

    @Test
    void eachDocumentedKeyHasItsEnvironmentVariableAndTheCodeDefault() {
        Map<String, String> code = codeKeys();
        Map<String, Row> documented = documentedKeys();
        Map<String, String> wrong = new TreeMap<>();
        documented.forEach((key, row) -> {
            String variable = key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
            if (!row.variable().equals("`" + variable + "`") && !row.variable().equals("—")) {
                wrong.put(key,
                        "environment variable " + row.variable() + ", expected `" + variable + "` (or — for an internal key)");
            }
            String defaultValue = code.get(key);
            if (defaultValue != null) {
                Matcher first = FIRST_CODE_SPAN.matcher(row.defaultValue());
                String shown = first.find() ? first.group(1) : row.defaultValue().strip();
                if (!shown.equals(defaultValue)) {
                    wrong.put(key, "default " + row.defaultValue().strip() + ", the code says `" + defaultValue + "`");
                }
            }
        });
        assertThat(wrong).as("rows of docs/configuration.md that disagree with the code").isEmpty();
    }

    /** The batch.* keys the code reads, each with its default in the code (null when it has none). */
    static Map<String, String> codeKeys() {
        Map<String, String> keys = new TreeMap<>();
        for (Path source : javaSources()) {
            String text = String.join("\n", Markdown.read(source));
            if (text.contains("@ConfigMapping(")) {
                Class<?> type = load(source);
                ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
                if (mapping != null) {
                    // The same names and defaults SmallRye Config uses when it maps the interface.
                    keys.putAll(new ConfigMappings.ConfigClass(type, mapping.prefix()).getProperties());
                }
            }
            Matcher property = CONFIG_PROPERTY.matcher(text);
            while (property.find()) {
                keys.put(property.group(1), property.group(2));
            }
            if (text.contains("implements ConfigSourceFactory")) {
                // A config source factory reads its keys by name before any mapping exists.
                Matcher literal = KEY_LITERAL.matcher(text);
                while (literal.find()) {
                    keys.putIfAbsent(literal.group(1), null);
                }
            }
        }
        for (String name : applicationProperties().stringPropertyNames()) {
            String key = name.startsWith("%") ? name.substring(name.indexOf('.') + 1) : name;
            keys.putIfAbsent(key, null);
        }
        keys.keySet().removeIf(key -> !key.startsWith("batch."));
        return keys;
    }

    record Row(String variable, String defaultValue) {
    }

    /** The batch.* keys of the tables of docs/configuration.md. */
    static Map<String, Row> documentedKeys() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : Markdown.read(PAGE)) {
            Matcher row = ROW.matcher(line);
            if (row.matches() && row.group(1).startsWith("batch.")) {
                assertThat(rows).as("keys documented twice in docs/configuration.md").doesNotContainKey(row.group(1));
                rows.put(row.group(1), new Row(row.group(2).strip(), row.group(3)));
            }
        }
        return rows;
    }

    private static List<Path> javaSources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(path -> path.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(Path source) {
        String name = SOURCES.relativize(source).toString().replace(".java", "").replace('/', '.');
        try {
            return Class.forName(name, false, ConfigurationDocTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("compiled class of " + source + " not found", e);
        }
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(
                    Markdown.ROOT.resolve("src/main/resources/application.properties"), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
