package io.cdpbatch.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the writers keep for the length of one attempt, shared by its chunks and its worker threads: one
 * object per type, made on first use, gone with the attempt. Only what makes a later chunk cheaper belongs
 * here, never what decides a result: an attempt that is taken over or repeated starts with none of it.
 */
public final class RunState {

    private final Map<Class<?>, Object> values = new ConcurrentHashMap<>(4);

    /** The attempt's object of this type, made by {@code create} the first time it is asked for. */
    public <T> T get(Class<T> type, Supplier<? extends T> create) {
        return type.cast(values.computeIfAbsent(type, t -> create.get()));
    }
}
