package io.cdpbatch.records;

/** Client text quoted in details: bounded in length, and always writable as JSON. */
final class Text {

    private static final int MAX_ECHO = 64;

    private Text() {
    }

    /** A value quoted in a detail: {@code "abc"}, shortened to 64 characters with an ellipsis. */
    static String quote(String value) {
        return '"' + echo(value) + '"';
    }

    /** An attribute name in a path or detail, shortened likewise. */
    static String echoKey(String key) {
        return echo(key);
    }

    private static String echo(String value) {
        String shown = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "…" : value;
        return replaceLoneSurrogates(shown);
    }

    /**
     * Replaces unpaired UTF-16 surrogates (possible through JSON {@code \ud800} escapes) with U+FFFD, so the
     * text can be written as UTF-8 JSON by the error log writer.
     */
    static String replaceLoneSurrogates(String value) {
        if (firstLoneSurrogate(value) < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Index of the first unpaired surrogate, or -1. */
    static int firstLoneSurrogate(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c >= '\uD800' && c <= '\uDFFF') {
                if (c <= '\uDBFF' && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }
}
