package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard's blocked ranges. The ranges are written here from the IANA registries, not taken
 * from the code under test, and each range's bounds are computed here.
 */
class AddressRangesTest {

    /**
     * Every IANA special-purpose IPv4 range, and multicast: the first and the last address of each,
     * and both again in their IPv4-mapped and IPv4-translated IPv6 forms.
     */
    @ParameterizedTest
    @ValueSource(strings = { "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4" })
    void everySpecialPurposeIpv4RangeIsBlocked(String cidr) throws Exception {
        for (byte[] address : List.of(first(cidr), last(cidr))) {
            assertThat(AddressRanges.blocked(address)).as(shown(address)).isPresent();
            assertThat(AddressRanges.blocked(InetAddress.getByAddress(address))).as(shown(address)).isPresent();
            assertThat(AddressRanges.blocked(carried(address, 0, 0, 0xff, 0xff))).as("::ffff:" + shown(address))
                    .isPresent();
            assertThat(AddressRanges.blocked(carried(address, 0xff, 0xff, 0, 0))).as("::ffff:0:" + shown(address))
                    .isPresent();
            // as the JDK hands out a mapped address: already turned into IPv4
            assertThat(AddressRanges.blocked(InetAddress.getByName("::ffff:" + shown(address)))).isPresent();
        }
    }

    /** Every IANA special-purpose IPv6 range, the deprecated forms and multicast: first and last address. */
    @ParameterizedTest
    @ValueSource(strings = { "::/128", "::1/128", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "100:0:0:1::/64",
            "2001::/23", "2001:db8::/32", "2002::/16", "2620:4f:8000::/48", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10",
            "fec0::/10", "ff00::/8" })
    void everySpecialPurposeIpv6RangeIsBlocked(String cidr) throws Exception {
        for (byte[] address : List.of(first(cidr), last(cidr))) {
            assertThat(AddressRanges.blocked(address)).as(shown(address)).isPresent();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "8.8.8.8", "93.184.216.34", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
            "126.255.255.255", "128.0.0.0", "172.15.255.255", "172.32.0.0", "192.0.1.255", "192.0.3.0", "198.17.255.255",
            "198.20.0.0", "223.255.255.255", "2606:4700::1111", "2a00:1450:4001::200e", "2001:200::1", "2003::1",
            "64:ff9b:0:0:1::1" })
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(AddressRanges.blocked(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void anIpv4MappedPublicAddressIsAllowedAndItsRangeNamed() throws Exception {
        byte[] mapped = carried(InetAddress.getByName("8.8.8.8").getAddress(), 0, 0, 0xff, 0xff);
        assertThat(AddressRanges.blocked(mapped)).isEmpty();
        assertThat(AddressRanges.blocked(InetAddress.getByName("127.0.0.1")).orElseThrow().toString())
                .isEqualTo("127.0.0.0/8 (loopback)");
        assertThat(AddressRanges.blocked(InetAddress.getByName("64:ff9b::a00:1")).orElseThrow().toString())
                .isEqualTo("64:ff9b:0:0:0:0:0:0/96 (IPv4/IPv6 translation)");
    }

    /** The lowest address of a CIDR block, computed here rather than taken from the code under test. */
    static byte[] first(String cidr) throws UnknownHostException {
        return bound(cidr, false);
    }

    static byte[] last(String cidr) throws UnknownHostException {
        return bound(cidr, true);
    }

    private static byte[] bound(String cidr, boolean last) throws UnknownHostException {
        String[] parts = cidr.split("/");
        byte[] prefix = parts[0].contains(":") ? ipv6(parts[0]) : InetAddress.getByName(parts[0]).getAddress();
        int bits = Integer.parseInt(parts[1]);
        int width = prefix.length * 8;
        BigInteger value = new BigInteger(1, prefix);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(width - bits).subtract(BigInteger.ONE);
        value = last ? value.or(hostMask) : value.andNot(hostMask);
        byte[] raw = value.toByteArray();
        byte[] address = new byte[prefix.length];
        int copy = Math.min(raw.length, address.length);
        System.arraycopy(raw, raw.length - copy, address, address.length - copy, copy);
        return address;
    }

    /** The 16 bytes of an IPv6 literal, even where the JDK would turn it into an IPv4 address. */
    private static byte[] ipv6(String literal) throws UnknownHostException {
        byte[] bytes = InetAddress.getByName(literal).getAddress();
        return bytes.length == 16 ? bytes : carried(bytes, 0, 0, 0xff, 0xff);
    }

    /** An IPv4 address in the last four bytes of an IPv6 address whose bytes 8 to 11 are given. */
    private static byte[] carried(byte[] ipv4, int b8, int b9, int b10, int b11) {
        byte[] bytes = new byte[16];
        bytes[8] = (byte) b8;
        bytes[9] = (byte) b9;
        bytes[10] = (byte) b10;
        bytes[11] = (byte) b11;
        System.arraycopy(ipv4, 0, bytes, 12, 4);
        return bytes;
    }

    private static String shown(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            return Arrays.toString(address);
        }
    }
}
