package io.cdpbatch.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The addresses a delivery never connects to (SSRF guard): every range of the IANA IPv4 and IPv6
 * special-purpose address registries, multicast and the deprecated site-local range, whether or not
 * the registry calls it globally reachable (no receiver lives on an anycast relay or a benchmarking
 * network). An IPv4-mapped or IPv4-translated IPv6 address is judged by the IPv4 address it
 * carries; the deprecated IPv4-compatible form is blocked whole.
 */
final class AddressRanges {

    /** A CIDR block and what it is, for the service log. */
    record Range(byte[] prefix, int bits, String name) {

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(prefix).getHostAddress() + "/" + bits + " (" + name + ")";
            } catch (UnknownHostException e) {
                return name;
            }
        }
    }

    static final List<Range> IPV4 = List.of(
            range("0.0.0.0/8", "this network"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "shared address space"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.0.2.0/24", "documentation"),
            range("192.31.196.0/24", "AS112"),
            range("192.52.193.0/24", "AMT"),
            range("192.88.99.0/24", "6to4 relay anycast"),
            range("192.168.0.0/16", "private"),
            range("192.175.48.0/24", "AS112 direct delegation"),
            range("198.18.0.0/15", "benchmarking"),
            range("198.51.100.0/24", "documentation"),
            range("203.0.113.0/24", "documentation"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"));

    static final List<Range> IPV6 = List.of(
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("64:ff9b::/96", "IPv4/IPv6 translation"),
            range("64:ff9b:1::/48", "local IPv4/IPv6 translation"),
            range("100::/64", "discard-only"),
            range("100:0:0:1::/64", "dummy prefix"),
            range("2001::/23", "IETF protocol assignments"),
            range("2001:db8::/32", "documentation"),
            range("2002::/16", "6to4"),
            range("2620:4f:8000::/48", "AS112 direct delegation"),
            range("3fff::/20", "documentation"),
            range("5f00::/16", "segment routing"),
            range("fc00::/7", "unique-local"),
            range("fe80::/10", "link-local"),
            range("fec0::/10", "site-local"),
            range("ff00::/8", "multicast"));

    /** {@code ::ffff:0:0/96} and {@code ::ffff:0:0:0/96}: an IPv4 address in the last four bytes. */
    private static final Range MAPPED = range("::ffff:0:0/96", "IPv4-mapped");
    private static final Range TRANSLATED = range("::ffff:0:0:0/96", "IPv4-translated");
    /** {@code ::/96} (deprecated, never routed): blocked whatever IPv4 address it carries. */
    private static final Range COMPATIBLE = range("::/96", "IPv4-compatible");

    private AddressRanges() {
    }

    /** The blocked range holding this address, or empty for a public address. */
    static Optional<Range> blocked(InetAddress address) {
        return blocked(address.getAddress());
    }

    static Optional<Range> blocked(byte[] bytes) {
        if (bytes.length == 16) {
            for (Range range : IPV6) {
                if (range.contains(bytes)) {
                    return Optional.of(range);
                }
            }
            if (COMPATIBLE.contains(bytes)) {
                return Optional.of(COMPATIBLE);
            }
            if (MAPPED.contains(bytes) || TRANSLATED.contains(bytes)) {
                return blocked(Arrays.copyOfRange(bytes, 12, 16));
            }
            return Optional.empty();
        }
        for (Range range : IPV4) {
            if (range.contains(bytes)) {
                return Optional.of(range);
            }
        }
        return Optional.empty();
    }

    private static Range range(String cidr, String name) {
        int slash = cidr.indexOf('/');
        try {
            // Literal addresses only: no name is resolved here.
            byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            if (cidr.startsWith("::ffff:0:0/")) {
                // InetAddress turns ::ffff:0:0 into the IPv4 address 0.0.0.0: keep the 16 bytes.
                prefix = new byte[16];
                prefix[10] = (byte) 0xff;
                prefix[11] = (byte) 0xff;
            }
            return new Range(prefix, Integer.parseInt(cidr.substring(slash + 1)), name);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }
}
