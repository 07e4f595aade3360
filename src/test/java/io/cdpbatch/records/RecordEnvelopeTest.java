package io.cdpbatch.records;

import static io.cdpbatch.records.RecordLines.PARSER;
import static io.cdpbatch.records.RecordLines.j;
import static io.cdpbatch.records.RecordLines.parse;
import static io.cdpbatch.records.RecordLines.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cdpbatch.support.Lines;

/** The line and its envelope {@code {"ref","schema","mode","value"}}: syntax, schema/mode pairs, ref. */
class RecordEnvelopeTest {

    private static final String GUEST_VALUE = "{'email':'a@b.com'}";

    static Stream<Arguments> unparseableLines() {
        String deep = "{'ref':'r','value':" + "[".repeat(40) + "]".repeat(40) + "}";
        String deepObjects = "{'a':".repeat(33) + "1" + "}".repeat(33);
        return Stream.of(
                Arguments.of("not json", "not valid JSON at column 1: Unrecognized token 'not': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of("[{'ref':'r'}]", "not a JSON object: found an array"),
                Arguments.of("42", "not a JSON object: found a number"),
                Arguments.of("'just a string'", "not a JSON object: found a string"),
                Arguments.of("true", "not a JSON object: found a boolean"),
                Arguments.of("null", "not a JSON object: found null"),
                Arguments.of("", "not a JSON object: the line is empty"),
                Arguments.of("   \t", "not a JSON object: the line is empty"),
                // a pretty-printed record, line by line
                Arguments.of("{", "not valid JSON: the line ends before the JSON object is complete"),
                Arguments.of("  'ref': 'r1',", "not a JSON object: found a string"),
                Arguments.of("  'value': {", "not a JSON object: found a string"),
                Arguments.of("}", "not valid JSON at column 1: Unexpected close marker '}': no open Object to close"),
                Arguments.of("{'ref':'r1','schema':'guest'",
                        "not valid JSON: the line ends before the JSON object is complete"),
                Arguments.of("{'ref':'r1','value':{'email':'abc",
                        "not valid JSON: the line ends before the JSON object is complete"),
                Arguments.of("{'ref':'a',}", "not valid JSON at column 12: Unexpected character ('}' (code 125)): "
                        + "was expecting double-quote to start field name"),
                Arguments.of("{\"ref\":'a'}".replace('\'', '`'), "not valid JSON at column 8: Unexpected character "
                        + "('`' (code 96)): expected a valid value (JSON String, Number, Array, Object or token "
                        + "'null', 'true' or 'false')"),
                Arguments.of("{'a':tru}", "not valid JSON at column 6: Unrecognized token 'tru': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of("{'a':'\\x'}", "not valid JSON at column 8: Unrecognized character escape 'x' (code 120)"),
                Arguments.of("{'a':01}", "not valid JSON at column 7: Invalid numeric value: Leading zeroes not allowed"),
                Arguments.of("{'a':NaN}", "not valid JSON at column 9: Non-standard token 'NaN': enable "
                        + "`JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow"),
                Arguments.of("{'a':1} x", "not valid JSON at column 9: Unrecognized token 'x': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of("{'a':1} {'b':2}", "more content (an object) after the JSON object at column 9"),
                Arguments.of("{'a':1}]", "not valid JSON at column 8: Unexpected close marker ']': no open Array to close"),
                Arguments.of("{'ref':'r1','ref':'r2'}", "duplicate attribute \"ref\" (its second value starts at column 19)"),
                Arguments.of("{'ref':'r1','value':{'identifiers':[{'id':'1','id':'2'}]}}",
                        "duplicate attribute \"id\" (its second value starts at column 52)"),
                Arguments.of("{'value':{'a':1},'value':{'b':2}}",
                        "duplicate attribute \"value\" (its second value starts at column 26)"),
                Arguments.of("{'value':{'extensions':[{'name':'ext','key':'default','a':1,'b':2,'a':[]}]}}",
                        "duplicate attribute \"a\" (its second value starts at column 71)"),
                Arguments.of(deep, "nested deeper than 32 levels"),
                Arguments.of(deepObjects, "nested deeper than 32 levels"),
                Arguments.of("{'a':" + "9".repeat(101) + "}", "a number longer than 100 characters"),
                Arguments.of("{'a':1." + "5".repeat(100) + "}", "a number longer than 100 characters"));
    }

    @ParameterizedTest
    @MethodSource("unparseableLines")
    void unparseableLineHasRefNull(String line, String detail) {
        assertThat(rejection(j(line))).isEqualTo(new Rejection("null", 400, Rejection.FAILED_TO_PARSE, detail));
    }

    static Stream<Arguments> badBytes() {
        byte[] prefix = "{\"ref\":\"r1\",\"x\":\"".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of(concat(prefix, new byte[] { (byte) 0xFF, '"', '}' }), "not valid UTF-8 at byte 18"),
                Arguments.of(concat(prefix, new byte[] { (byte) 0xC0, (byte) 0x80, '"', '}' }), "not valid UTF-8 at byte 18"),
                Arguments.of(concat(prefix, new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}' }),
                        "not valid UTF-8 at byte 18"),
                Arguments.of(concat(prefix, new byte[] { (byte) 0xE2, (byte) 0x82, '"', '}' }), "not valid UTF-8 at byte 18"),
                Arguments.of(concat(prefix, new byte[] { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}' }),
                        "not valid UTF-8 at byte 18"),
                Arguments.of(concat(prefix, new byte[] { (byte) 0xE2 }), "not valid UTF-8 at byte 18"),
                Arguments.of(concat(prefix, new byte[] { 0, '"', '}' }), "a NUL byte at byte 18"),
                Arguments.of(new byte[] { '{', 0, '}' }, "a NUL byte at byte 2"),
                // UTF-16 is not UTF-8, even though the JSON parser could detect it
                Arguments.of("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE), "a NUL byte at byte 2"),
                Arguments.of(concat(new byte[] { (byte) 0xFE, (byte) 0xFF }, "{}".getBytes(StandardCharsets.UTF_16BE)),
                        "not valid UTF-8 at byte 1"),
                Arguments.of(concat(prefix, new byte[] { 0x01, '"', '}' }), "not valid JSON at column 18: Illegal unquoted "
                        + "character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in string value"));
    }

    @ParameterizedTest
    @MethodSource("badBytes")
    void badBytesFailToParse(byte[] line, String detail) {
        assertThat(rejection(line)).isEqualTo(new Rejection("null", 400, Rejection.FAILED_TO_PARSE, detail));
    }

    @Test
    void validMultiByteUtf8Passes() {
        GuestUpsert guest = RecordLines.record(Lines.guest("r1").email("a@b.com").set("city", "Zürich 北京 😀").upsert(),
                GuestUpsert.class);

        assertThat(guest.city()).isEqualTo("Zürich 北京 😀");
    }

    static Stream<Arguments> badEnvelopes() {
        return Stream.of(
                Arguments.of("{'ref':'r1','schema':'customer','mode':'upsert','value':{}}", 402, Rejection.UNSUPPORTED_MODE,
                        "schema: unknown schema \"customer\" (expected guest, order, migration)"),
                Arguments.of("{'ref':'r1','schema':'Guest','mode':'upsert','value':{}}", 402, Rejection.UNSUPPORTED_MODE,
                        "schema: unknown schema \"Guest\" (expected guest, order, migration)"),
                Arguments.of("{'ref':'r1','schema':'guest','mode':'insert','value':{}}", 402, Rejection.UNSUPPORTED_MODE,
                        "mode: schema \"guest\" has no mode \"insert\" (expected upsert, delete, gdpr_delete)"),
                Arguments.of("{'ref':'r1','schema':'guest','mode':'merge','value':{}}", 402, Rejection.UNSUPPORTED_MODE,
                        "mode: schema \"guest\" has no mode \"merge\" (expected upsert, delete, gdpr_delete)"),
                Arguments.of("{'ref':'r1','schema':'guest','mode':'create','value':{}}", 402, Rejection.UNSUPPORTED_MODE,
                        "mode: schema \"guest\" has no mode \"create\" (expected upsert, delete, gdpr_delete)"),
                Arguments.of("{'ref':'r1','schema':'order','mode':'gdpr_delete','value':{}}", 402, Rejection.UNSUPPORTED_MODE,
                        "mode: schema \"order\" has no mode \"gdpr_delete\" (expected insert, upsert, delete)"),
                Arguments.of("{'ref':'r1','schema':'migration','mode':'order','value':{}}", 402, Rejection.UNSUPPORTED_MODE,
                        "mode: schema \"migration\" has no mode \"order\" (expected guest)"),
                Arguments.of("{'ref':'r1','mode':'upsert','value':{}}", 402, Rejection.UNSUPPORTED_MODE, "schema: required"),
                Arguments.of("{'ref':'r1','schema':7,'mode':'upsert','value':{}}", 402, Rejection.UNSUPPORTED_MODE,
                        "schema: must be a string, got number"),
                Arguments.of("{'ref':'r1','schema':'guest','value':{}}", 402, Rejection.UNSUPPORTED_MODE, "mode: required"),
                Arguments.of("{'ref':'r1','schema':'guest','mode':null,'value':{}}", 402, Rejection.UNSUPPORTED_MODE,
                        "mode: must be a string, got null"),
                // an unknown schema is reported before a missing mode
                Arguments.of("{'ref':'r1','schema':'nope'}", 402, Rejection.UNSUPPORTED_MODE,
                        "schema: unknown schema \"nope\" (expected guest, order, migration)"),
                Arguments.of("{'ref':'r1','schema':'guest','mode':'upsert'}", 400, Rejection.VALIDATION_ERROR,
                        "value: must be an object"),
                Arguments.of("{'ref':'r1','schema':'guest','mode':'upsert','value':[]}", 400, Rejection.VALIDATION_ERROR,
                        "value: must be an object, got array"),
                Arguments.of("{'ref':'r1','schema':'guest','mode':'upsert','value':'a@b.com'}", 400,
                        Rejection.VALIDATION_ERROR, "value: must be an object, got string"),
                Arguments.of("{'ref':'r1','schema':'guest','mode':'upsert','value':null}", 400, Rejection.VALIDATION_ERROR,
                        "value: must be an object, got null"),
                Arguments.of("{'ref':'r1','schema':'guest','mode':'upsert','value':{'email':'a@b.com'},'valu':{}}", 400,
                        Rejection.VALIDATION_ERROR,
                        "valu: unknown attribute of the record (expected ref, schema, mode, value)"));
    }

    @ParameterizedTest
    @MethodSource("badEnvelopes")
    void badEnvelopeEchoesRef(String line, int code, String message, String detail) {
        assertThat(rejection(j(line))).isEqualTo(new Rejection("r1", code, message, detail));
    }

    static Stream<Arguments> refs() {
        return Stream.of(
                Arguments.of("'ref':'line-7',", "line-7"),
                Arguments.of("'ref':'',", ""),
                Arguments.of("'ref':42,", "42"),
                Arguments.of("'ref':1.50,", "1.50"),
                Arguments.of("'ref':null,", "null"),
                Arguments.of("'ref':true,", "null"),
                Arguments.of("'ref':{'id':1},", "null"),
                Arguments.of("'ref':['a'],", "null"),
                Arguments.of("", "null"),
                Arguments.of("'ref':'a\\ud800b',", "a\uFFFDb"));
    }

    @ParameterizedTest
    @MethodSource("refs")
    void refIsEchoedAndTheRecordStillProcessed(String refAttribute, String ref) {
        String value = j("{" + refAttribute + "'schema':'guest','mode':'upsert','value':" + GUEST_VALUE + "}");

        assertThat(parse(value)).isInstanceOfSatisfying(ParsedRecord.class, parsed -> assertThat(parsed.ref()).isEqualTo(ref));
        assertThat(parse(j("{" + refAttribute + "'schema':'guest','mode':'insert','value':{}}")))
                .isInstanceOfSatisfying(Rejection.class, rejection -> assertThat(rejection.ref()).isEqualTo(ref));
    }

    @Test
    void envelopeAttributesMayComeInAnyOrder() {
        LineOutcome outcome = parse(j("{'value':" + GUEST_VALUE + ",'mode':'upsert','schema':'guest','ref':'r9'}"));

        assertThat(outcome).isInstanceOfSatisfying(ParsedRecord.class,
                parsed -> assertThat(parsed.ref()).isEqualTo("r9"));
    }

    @Test
    void aParsedRecordCountsTheJsonValuesOfItsLine() {
        // the line's object, ref, schema, mode, value, identifiers, two identifiers of two values each, firstName
        LineOutcome outcome = parse(j("{'ref':'r1','schema':'guest','mode':'upsert','value':{'identifiers':["
                + "{'provider':'a','id':'1'},{'provider':'b','id':'2'}],'firstName':'Ada'}}"));

        assertThat(outcome).isInstanceOfSatisfying(ParsedRecord.class, parsed -> assertThat(parsed.values()).isEqualTo(13));
    }

    @Test
    void parsesOnlyTheGivenSliceAndColumnsAreRelativeToIt() {
        byte[] buffer = j("garbage{'ref':'r1','schema':'guest','mode':'delete','value':{'email':'A@B.com'}}{{{")
                .getBytes(StandardCharsets.UTF_8);
        int length = buffer.length - "garbage".length() - 3;

        assertThat(PARSER.parse(buffer, 7, length)).isEqualTo(new ParsedRecord("r1", new GuestDelete(
                java.util.List.of(), "a@b.com", false), 6));
        byte[] broken = j("xx{'ref':'a',}yy").getBytes(StandardCharsets.UTF_8);
        assertThat(PARSER.parse(broken, 2, 12)).isEqualTo(new Rejection("null", 400, Rejection.FAILED_TO_PARSE,
                "not valid JSON at column 12: Unexpected character ('}' (code 125)): was expecting double-quote to start field name"));
        assertThatThrownBy(() -> PARSER.parse(buffer, 7, buffer.length)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void hugeNestingIsARejectionNotAStackOverflow() {
        String line = "{'ref':'r','value':" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        assertThat(rejection(j(line)).detail()).isEqualTo("nested deeper than 32 levels");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
