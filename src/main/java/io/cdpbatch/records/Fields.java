package io.cdpbatch.records;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Validators for one JSON value each. Every method gets the node (never a JSON null: callers decide what
 * null means) and its path, returns the typed value, or throws {@link Invalid} with a precise detail.
 */
final class Fields {

    /** Default limit of free-text strings: 255, the documented limit of the guest's strings. */
    static final int TEXT = 255;
    static final int EMAIL = 254;
    private static final int EMAIL_LOCAL = 64;
    private static final int DOMAIN_LABEL = 63;

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> CURRENCIES;

    static {
        Set<String> codes = new HashSet<>();
        for (Currency currency : Currency.getAvailableCurrencies()) {
            codes.add(currency.getCurrencyCode());
        }
        CURRENCIES = Set.copyOf(codes);
    }

    private Fields() {
    }

    // ---- JSON types

    static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT, POJO -> "object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    static Invalid mismatch(Path at, String expected, JsonNode node) {
        return Invalid.validation(at + ": must be " + expected + ", got " + typeName(node));
    }

    static Invalid unknownAttribute(Path parent, String key) {
        return Invalid.validation(parent.field(key) + ": unknown attribute");
    }

    static Invalid required(Path at) {
        return Invalid.validation(at + ": required");
    }

    static ObjectNode object(JsonNode node, Path at) {
        if (!node.isObject()) {
            throw mismatch(at, "an object", node);
        }
        return (ObjectNode) node;
    }

    static ArrayNode array(JsonNode node, Path at) {
        if (!node.isArray()) {
            throw mismatch(at, "an array", node);
        }
        return (ArrayNode) node;
    }

    // ---- strings

    /** A string of at most {@code max} characters (code points), without NUL or unpaired surrogates. */
    static String text(JsonNode node, Path at, int max) {
        if (!node.isTextual()) {
            throw mismatch(at, "a string", node);
        }
        String value = node.textValue();
        checkCharacters(value, at);
        if (value.length() > max) {
            int count = value.codePointCount(0, value.length());
            if (count > max) {
                throw Invalid.validation(at + ": at most " + max + " characters, got " + count);
            }
        }
        return value;
    }

    /** Like {@link #text}, and not empty. */
    static String nonEmptyText(JsonNode node, Path at, int max) {
        String value = text(node, at, max);
        if (value.isEmpty()) {
            throw Invalid.validation(at + ": must not be empty");
        }
        return value;
    }

    /**
     * PostgreSQL text cannot hold NUL, and a lone surrogate cannot be encoded as UTF-8: both can only come
     * from JSON escapes ({@code \u0000}, {@code \ud800}), the raw bytes are refused earlier.
     */
    static void checkCharacters(String value, Path at) {
        if (value.indexOf('\u0000') >= 0) {
            throw Invalid.validation(at + ": must not contain the NUL character");
        }
        if (Text.firstLoneSurrogate(value) >= 0) {
            throw Invalid.validation(at + ": contains an unpaired UTF-16 surrogate");
        }
    }

    /** A string that is one of {@code allowed} (exact case); {@code listed} names them for the detail. */
    static String oneOf(JsonNode node, Path at, Set<String> allowed, String listed) {
        if (!node.isTextual()) {
            throw mismatch(at, "a string", node);
        }
        String value = node.textValue();
        if (!allowed.contains(value)) {
            throw Invalid.validation(at + ": must be one of " + listed + ", got " + Text.quote(value));
        }
        return value;
    }

    static List<String> textArray(JsonNode node, Path at, int max) {
        ArrayNode array = array(node, at);
        List<String> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(text(array.get(i), at.index(i), max));
        }
        return Collections.unmodifiableList(values);
    }

    // ---- codes

    /** ISO 3166-1 alpha-2, any case; returned upper-case. */
    static String country(JsonNode node, Path at) {
        String value = text(node, at, TEXT);
        String upper = value.toUpperCase(Locale.ROOT);
        if (value.length() != 2 || !COUNTRIES.contains(upper)) {
            throw Invalid.validation(at + ": not an ISO 3166-1 alpha-2 country code, got " + Text.quote(value));
        }
        return upper;
    }

    /** ISO 639-1, either case; returned lower-case. */
    static String language(JsonNode node, Path at) {
        String value = text(node, at, TEXT);
        String lower = value.toLowerCase(Locale.ROOT);
        if (value.length() != 2 || !LANGUAGES.contains(lower)) {
            throw Invalid.validation(at + ": not an ISO 639-1 language code, got " + Text.quote(value));
        }
        return lower;
    }

    /** ISO 4217, any case; returned upper-case. */
    static String currency(JsonNode node, Path at) {
        String value = text(node, at, TEXT);
        String upper = value.toUpperCase(Locale.ROOT);
        if (value.length() != 3 || !CURRENCIES.contains(upper)) {
            throw Invalid.validation(at + ": not an ISO 4217 currency code, got " + Text.quote(value));
        }
        return upper;
    }

    // ---- e-mail

    /** A plausible e-mail address (dot-atom local part, host name with a dot), returned lower-case. */
    static String email(JsonNode node, Path at) {
        String value = text(node, at, Integer.MAX_VALUE);
        int length = value.length();
        if (length > EMAIL) {
            throw Invalid.validation(at + ": not a valid e-mail address (at most " + EMAIL + " characters, got "
                    + value.codePointCount(0, length) + ")");
        }
        if (!isEmail(value)) {
            throw Invalid.validation(at + ": not a valid e-mail address");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    static boolean isEmail(String value) {
        int at = value.lastIndexOf('@');
        int length = value.length();
        if (at < 1 || at > EMAIL_LOCAL || at == length - 1) {
            return false;
        }
        char previous = '.';
        for (int i = 0; i < at; i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (previous == '.') {
                    return false;
                }
            } else if (!isAtext(c)) {
                return false;
            }
            previous = c;
        }
        if (previous == '.') {
            return false;
        }
        int labels = 0;
        int labelStart = at + 1;
        boolean lastAllDigits = true;
        for (int i = at + 1; i <= length; i++) {
            char c = i == length ? '.' : value.charAt(i);
            if (c == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0 || labelLength > DOMAIN_LABEL || value.charAt(labelStart) == '-'
                        || value.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                labelStart = i + 1;
                if (i == length) {
                    break;
                }
                lastAllDigits = true;
            } else if (c >= '0' && c <= '9') {
                continue;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-'
                    || (c >= 0x80 && Character.isLetterOrDigit(c))) {
                lastAllDigits = false;
            } else {
                return false;
            }
        }
        return labels >= 2 && !lastAllDigits;
    }

    private static boolean isAtext(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        if (c >= 0x80) {
            return !Character.isWhitespace(c) && !Character.isISOControl(c) && !Character.isSpaceChar(c);
        }
        return "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    // ---- date-times

    static final String DATE_TIME_FORMAT = "an ISO-8601 date-time with Z or an offset, e.g. 1985-12-24T00:00:00Z";

    static Instant dateTime(JsonNode node, Path at) {
        if (!node.isTextual()) {
            throw mismatch(at, "a string (ISO-8601 date-time)", node);
        }
        String value = node.textValue();
        Instant instant = parseDateTime(value);
        if (instant == null) {
            throw Invalid.validation(at + ": must be " + DATE_TIME_FORMAT + ", got " + Text.quote(value));
        }
        return instant;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]} then {@code Z}, {@code ±HH:MM}, {@code ±HHMM} or {@code ±HH};
     * fractions up to nanoseconds. Null when malformed or not a real date.
     */
    static Instant parseDateTime(String s) {
        int n = s.length();
        if (n < 17 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return null;
        }
        int i = 16;
        int second = 0;
        int nanos = 0;
        if (i < n && s.charAt(i) == ':') {
            second = digits(s, i + 1, 2);
            if (second < 0 || second > 59) {
                return null;
            }
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                int count = i - start;
                if (count == 0 || count > 9) {
                    return null;
                }
                nanos = digits(s, start, count);
                for (int k = count; k < 9; k++) {
                    nanos *= 10;
                }
            }
        }
        if (i >= n) {
            return null;
        }
        int offsetSeconds;
        char sign = s.charAt(i);
        if (sign == 'Z') {
            if (i + 1 != n) {
                return null;
            }
            offsetSeconds = 0;
        } else if (sign == '+' || sign == '-') {
            int rest = n - i - 1;
            int offsetHours = rest >= 2 ? digits(s, i + 1, 2) : -1;
            int offsetMinutes;
            if (rest == 2) {
                offsetMinutes = 0;
            } else if (rest == 4) {
                offsetMinutes = digits(s, i + 3, 2);
            } else if (rest == 5 && s.charAt(i + 3) == ':') {
                offsetMinutes = digits(s, i + 4, 2);
            } else {
                return null;
            }
            if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59
                    || (offsetHours == 18 && offsetMinutes > 0)) {
                return null;
            }
            offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (sign == '-' ? -1 : 1);
        } else {
            return null;
        }
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        if (day > java.time.Month.of(month).length(leap)) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The decimal value of {@code count} ASCII digits at {@code start}, or -1. */
    private static int digits(String s, int start, int count) {
        if (start + count > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    // ---- numbers

    /** A price: at most 15 digits before the decimal point and 20 after (numeric(35,20) holds it). */
    static BigDecimal money(JsonNode node, Path at) {
        return decimal(node, at, 15, 20);
    }

    /** A number with at most {@code maxInteger} integer digits and {@code maxFraction} decimal places. */
    static BigDecimal decimal(JsonNode node, Path at, int maxInteger, int maxFraction) {
        if (!node.isNumber()) {
            throw mismatch(at, "a number", node);
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() == 0) {
            return value.scale() < 0 ? BigDecimal.ZERO : value;
        }
        int integerDigits = value.precision() - value.scale();
        int fraction = value.stripTrailingZeros().scale();
        if (integerDigits > maxInteger || fraction > maxFraction) {
            throw Invalid.validation(at + ": out of range (at most " + maxInteger + " digits before and "
                    + maxFraction + " after the decimal point), got " + echoNumber(value));
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    private static final BigDecimal MAX_INT = BigDecimal.valueOf(Integer.MAX_VALUE);

    /** A whole number from 0 to 2147483647 ({@code 2.0} counts as whole). */
    static int count(JsonNode node, Path at) {
        if (!node.isNumber()) {
            throw mismatch(at, "a number", node);
        }
        if (node.canConvertToInt() && node.isIntegralNumber()) {
            int value = node.intValue();
            if (value >= 0) {
                return value;
            }
        }
        BigDecimal value = node.decimalValue();
        boolean whole = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
        if (!whole || value.signum() < 0 || value.compareTo(MAX_INT) > 0) {
            throw Invalid.validation(at + ": must be a whole number from 0 to 2147483647, got " + echoNumber(value));
        }
        return value.intValueExact();
    }

    private static String echoNumber(BigDecimal value) {
        String text = value.toString();
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
