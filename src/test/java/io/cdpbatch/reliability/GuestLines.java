package io.cdpbatch.reliability;

import java.util.ArrayList;
import java.util.List;

import io.cdpbatch.support.Lines;

/** Record lines for the reliability tests: guest upserts that succeed, and lines that fail. */
final class GuestLines {

    private GuestLines() {
    }

    /** A line the parser rejects (400): not JSON. */
    static String broken(int n) {
        return "{\"ref\":\"broken-" + n + "\", this is not json";
    }

    /** {@code count} valid guests, every {@code failEvery}-th line broken instead (0: none broken). */
    static List<String> mixed(String prefix, int count, int failEvery) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            if (failEvery > 0 && i % failEvery == 0) {
                lines.add(broken(i));
            } else {
                lines.add(Lines.guest(prefix + "-" + i).identifier("rel", prefix + "-" + i).firstName("First" + i)
                        .fields("\"lastName\":\"Last" + i + "\",\"email\":\"" + prefix + i
                                + "@example.com\"")
                        .upsert());
            }
        }
        return lines;
    }

    /**
     * A large file whose later lines update guests of earlier lines again (so a second attempt that
     * applies the file again must end in the same state), every 50th line broken.
     */
    static List<String> large(String prefix, int count) {
        List<String> lines = new ArrayList<>(count);
        int guests = count / 2;
        for (int i = 1; i <= count; i++) {
            if (i % 50 == 0) {
                lines.add(broken(i));
            } else if (i <= guests) {
                lines.add(Lines.guest(prefix + "-" + i).identifier("rel", prefix + "-" + i).firstName("First" + i)
                        .fields("\"lastName\":\"Last" + i + "\",\"country\":\"gb\","
                                + "\"extensions\":[{\"name\":\"ext\",\"key\":\"default\",\"tier\":\"t" + (i % 7) + "\"}]")
                        .upsert());
            } else {
                int target = i - guests;
                lines.add(Lines.guest(prefix + "-" + target).identifier("rel", prefix + "-" + target).firstName("Second" + i)
                        .fields("\"city\":\"City" + (i % 13) + "\","
                                + "\"extensions\":[{\"name\":\"ext\",\"key\":\"default\",\"tier\":\"u" + (i % 5) + "\"}]")
                        .upsert());
            }
        }
        return lines;
    }

    /** Lines of {@code lines} that are broken. */
    static long brokenCount(List<String> lines) {
        return lines.stream().filter(line -> line.contains("this is not json")).count();
    }
}
