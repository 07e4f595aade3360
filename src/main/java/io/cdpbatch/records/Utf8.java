package io.cdpbatch.records;

/**
 * Strict UTF-8 check, which also refuses NUL bytes (never valid in JSON text, and the JSON parser would
 * take bytes with zeros for UTF-16 or UTF-32) (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). The JSON
 * parser
 * is more lenient with some of these, and the database is not.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Offset (relative to {@code offset}) of the first NUL byte or invalid sequence, or -1. */
    static int firstInvalid(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int b = bytes[i];
            if (b > 0) {
                i++;
                continue;
            }
            if (b == 0) {
                return i - offset;
            }
            b &= 0xFF;
            int need;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) {
                    min2 = 0xA0;
                } else if (b == 0xED) {
                    max2 = 0x9F;
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) {
                    min2 = 0x90;
                } else if (b == 0xF4) {
                    max2 = 0x8F;
                }
            } else {
                return i - offset;
            }
            if (i + need >= end) {
                return i - offset;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < min2 || second > max2) {
                return i - offset;
            }
            for (int k = 2; k <= need; k++) {
                int next = bytes[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return i - offset;
                }
            }
            i += need + 1;
        }
        return -1;
    }
}
