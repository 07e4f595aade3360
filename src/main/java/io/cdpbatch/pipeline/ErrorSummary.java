package io.cdpbatch.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cdpbatch.lifecycle.ErrorGroup;

/**
 * The error summary of a batch ({@code status.summary.errors}): the count per distinct (code,
 * message) of its error log, with the first failing lines of each as samples.
 *
 * <p>
 * Each producer of failures (the reader, every worker) feeds one summary, in its own line order;
 * {@link #merge} combines them. Counts are exact whatever the number of failures, even those left
 * out of a capped error log. Memory is bounded: one counter and at most {@link #SAMPLES} samples per
 * group, each sample's text cut to a few hundred characters; and the groups are few, since the
 * messages are the fixed catalogue of outcomes (constants of the code, never record data).
 * As a guard against a future free-text message, at most {@link #MAX_GROUPS} groups are kept; the
 * failures of any further group are counted in one more group, code "" and message "Other errors".
 */
final class ErrorSummary {

    static final int SAMPLES = 5;
    static final int MAX_GROUPS = 50;
    static final int MAX_REF = 200;
    static final int MAX_DETAIL = 500;
    static final String OTHER = "Other errors";

    private final Map<String, Group> groups = new LinkedHashMap<>();

    private static final class Group {
        final String code;
        final String message;
        long count;
        final List<ErrorGroup.Sample> samples = new ArrayList<>(SAMPLES);

        Group(String code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    /** Counts one failure; the failures of one summary come in increasing line order. */
    void add(long line, String ref, String code, String message, String detail) {
        String key = code + "\u0000" + message;
        Group group = groups.get(key);
        if (group == null) {
            if (groups.size() < MAX_GROUPS) {
                group = new Group(code, message);
                groups.put(key, group);
            } else {
                group = groups.computeIfAbsent(OTHER, k -> new Group("", OTHER));
            }
        }
        group.count++;
        if (group.samples.size() < SAMPLES) {
            group.samples.add(new ErrorGroup.Sample(line, cut(ref, MAX_REF), cut(detail, MAX_DETAIL)));
        }
    }

    /**
     * Adds another producer's failures: counts add up, and each group keeps the first samples in file
     * order of both.
     */
    void merge(ErrorSummary other) {
        for (Map.Entry<String, Group> entry : other.groups.entrySet()) {
            Group theirs = entry.getValue();
            Group group = groups.get(entry.getKey());
            if (group == null) {
                if (entry.getKey().equals(OTHER) || groups.size() < MAX_GROUPS) {
                    group = new Group(theirs.code, theirs.message);
                    groups.put(entry.getKey(), group);
                } else {
                    group = groups.computeIfAbsent(OTHER, k -> new Group("", OTHER));
                }
            }
            group.count += theirs.count;
            group.samples.addAll(theirs.samples);
            group.samples.sort(Comparator.comparingLong(ErrorGroup.Sample::line));
            while (group.samples.size() > SAMPLES) {
                group.samples.remove(group.samples.size() - 1);
            }
        }
    }

    /** Failures counted, in all groups. */
    long total() {
        return groups.values().stream().mapToLong(g -> g.count).sum();
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    /** The groups, most frequent first, then by code and message. */
    List<ErrorGroup> groups() {
        return groups.values().stream()
                .sorted(Comparator.comparingLong((Group g) -> -g.count).thenComparing(g -> g.code)
                        .thenComparing(g -> g.message))
                .map(g -> new ErrorGroup(g.code, g.message, g.count, List.copyOf(g.samples)))
                .toList();
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }
}
