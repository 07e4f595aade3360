package io.cdpbatch.records;

import static io.cdpbatch.records.RecordLines.record;
import static io.cdpbatch.records.RecordLines.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cdpbatch.support.Lines;

/** The rules of extension groups (docs/records.md), for guests, orders and order items. */
class ExtensionsParsingTest {

    private static String attributes(int count) {
        return IntStream.range(0, count).mapToObj(i -> "'a" + i + "':" + i).collect(Collectors.joining(","));
    }

    private static String guestWith(String extensions) {
        return Lines.line("r1", "guest", "upsert", "{'email':'a@b.com','extensions':" + extensions + "}");
    }

    @Test
    void hundredAttributesOfEveryValueKindInDocumentOrder() {
        GuestUpsert guest = record(guestWith("[{'key':'default','name':'ext2','zeta':'z'," + attributes(97)
                + ",'isVip':false,'aBigOne':123456789012345678901234567890.5}]"), GuestUpsert.class);

        ExtensionGroup group = guest.extensions().get(0);
        assertThat(group.name()).isEqualTo("ext2");
        assertThat(group.attributes()).hasSize(100);
        List<String> names = new ArrayList<>(group.attributes().keySet());
        assertThat(names.get(0)).isEqualTo("zeta");
        assertThat(names.get(1)).isEqualTo("a0");
        assertThat(names.get(99)).isEqualTo("aBigOne");
        assertThat(group.attributes().get("isVip")).isEqualTo(false);
        assertThat(group.attributes().get("a5")).isEqualTo(new BigDecimal(5));
        assertThat(group.attributes().get("aBigOne")).isEqualTo(new BigDecimal("123456789012345678901234567890.5"));
    }

    @Test
    void everyGuestGroupNameOnce() {
        GuestUpsert guest = record(guestWith("[" + Stream.of("ext", "ext1", "ext2", "ext3", "ext4", "ext5")
                .map(name -> "{'name':'" + name + "','key':'default'}").collect(Collectors.joining(",")) + "]"),
                GuestUpsert.class);

        assertThat(guest.extensions()).extracting(ExtensionGroup::name)
                .containsExactly("ext", "ext1", "ext2", "ext3", "ext4", "ext5");
    }

    static Stream<Arguments> badExtensions() {
        String p = "value.extensions";
        return Stream.of(
                Arguments.of(guestWith("{'name':'ext','key':'default'}"), p + ": must be an array, got object"),
                Arguments.of(guestWith("['ext']"), p + "[0]: must be an object, got string"),
                Arguments.of(guestWith("[{'name':'ext6','key':'default'}]"),
                        p + "[0].name: must be one of ext, ext1, ext2, ext3, ext4, ext5, got \"ext6\""),
                Arguments.of(guestWith("[{'name':'EXT','key':'default'}]"),
                        p + "[0].name: must be one of ext, ext1, ext2, ext3, ext4, ext5, got \"EXT\""),
                Arguments.of(guestWith("[{'name':1,'key':'default'}]"), p + "[0].name: must be a string, got number"),
                Arguments.of(guestWith("[{'key':'default','a':1}]"), p + "[0].name: required"),
                Arguments.of(guestWith("[{'name':'ext','a':1}]"), p + "[0].key: required"),
                Arguments.of(guestWith("[{'name':'ext','key':'main'}]"), p + "[0].key: must be \"default\", got \"main\""),
                Arguments.of(guestWith("[{'name':'ext','key':null}]"), p + "[0].key: must be a string, got null"),
                Arguments.of(guestWith("[{'name':'ext','key':'default','Tier':'gold'}]"), p + "[0].Tier: attribute names "
                        + "must be camelCase letters and digits starting with a lower-case letter"),
                Arguments.of(guestWith("[{'name':'ext','key':'default','loyalty_tier':'gold'}]"), p + "[0].loyalty_tier: "
                        + "attribute names must be camelCase letters and digits starting with a lower-case letter"),
                Arguments.of(guestWith("[{'name':'ext','key':'default','1st':'gold'}]"), p + "[0].1st: attribute names "
                        + "must be camelCase letters and digits starting with a lower-case letter"),
                Arguments.of(guestWith("[{'name':'ext','key':'default','':'gold'}]"), p + "[0].: attribute names "
                        + "must be camelCase letters and digits starting with a lower-case letter"),
                Arguments.of(guestWith("[{'name':'ext','key':'default','tier':{'level':1}}]"),
                        p + "[0].tier: must be a string, boolean or number, got object"),
                Arguments.of(guestWith("[{'name':'ext','key':'default','tags':['a']}]"),
                        p + "[0].tags: must be a string, boolean or number, got array"),
                Arguments.of(guestWith("[{'name':'ext','key':'default','tier':null}]"),
                        p + "[0].tier: must be a string, boolean or number, got null"),
                Arguments.of(guestWith("[{'name':'ext','key':'default','tier':'a\\u0000'}]"),
                        p + "[0].tier: must not contain the NUL character"),
                Arguments.of(guestWith("[{'name':'ext','key':'default','big':1e39}]"), p + "[0].big: out of range "
                        + "(at most 38 digits before and 38 after the decimal point), got 1E+39"),
                Arguments.of(guestWith("[{'name':'ext','key':'default'," + attributes(101) + "}]"),
                        p + "[0]: at most 100 attributes per group, got 101"),
                Arguments.of(guestWith("[{'name':'ext','key':'default'},{'name':'ext1','key':'default'},"
                        + "{'name':'ext','key':'default','a':1}]"), p + "[2].name: duplicate group \"ext\", already in "
                                + p + "[0]"),
                Arguments.of(
                        Lines.order("r1").referenceId("R").json("extensions", "[{'name':'ext2','key':'default'}]").upsert(),
                        p + "[0].name: must be one of ext, got \"ext2\""),
                Arguments.of(
                        Lines.order("r1").referenceId("R")
                                .json("extensions", "[{'name':'ext','key':'default'},{'name':'ext','key':'default'}]").upsert(),
                        p + "[1].name: duplicate group \"ext\", already in " + p + "[0]"));
    }

    @ParameterizedTest
    @MethodSource("badExtensions")
    void badExtensionIsAValidationError(String line, String detail) {
        assertThat(rejection(line)).isEqualTo(new Rejection("r1", 400, Rejection.VALIDATION_ERROR, detail));
    }
}
