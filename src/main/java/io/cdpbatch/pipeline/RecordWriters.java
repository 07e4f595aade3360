package io.cdpbatch.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.cdpbatch.records.ValidRecord;
import io.quarkus.runtime.Startup;

/**
 * The writer of each record type, indexed once at start-up: the application does not start when a
 * record type has no writer, or several.
 */
@Startup
@ApplicationScoped
public class RecordWriters {

    @Inject
    Instance<RecordWriter<?>> beans;

    private Map<Class<?>, RecordWriter<?>> byType;

    @PostConstruct
    void init() {
        byType = index(beans.stream().toList());
    }

    /** The writer of this record's type. */
    RecordWriter<?> writerFor(ValidRecord record) {
        RecordWriter<?> writer = byType.get(record.getClass());
        if (writer == null) {
            // index() checked every permitted type: only a record type added without a writer gets here
            throw new IllegalStateException("No writer for " + record.getClass().getSimpleName());
        }
        return writer;
    }

    /**
     * @return the writer of each type of {@link ValidRecord}
     * @throws IllegalStateException when a record type has no writer, or several
     */
    static Map<Class<?>, RecordWriter<?>> index(List<? extends RecordWriter<?>> writers) {
        Map<Class<?>, RecordWriter<?>> byType = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (RecordWriter<?> writer : writers) {
            RecordWriter<?> earlier = byType.putIfAbsent(writer.type(), writer);
            if (earlier != null) {
                problems.add(writer.type().getSimpleName() + " has two writers: " + name(earlier) + " and " + name(writer));
            }
        }
        for (Class<?> type : ValidRecord.class.getPermittedSubclasses()) {
            if (!byType.containsKey(type)) {
                problems.add(type.getSimpleName() + " has no writer");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Record writers: " + String.join("; ", problems));
        }
        return Map.copyOf(byType);
    }

    private static String name(RecordWriter<?> writer) {
        // CDI client proxies carry a suffix; the bean class is what a reader looks for
        String name = writer.getClass().getSimpleName();
        int proxy = name.indexOf('_');
        return proxy > 0 ? name.substring(0, proxy) : name;
    }
}
