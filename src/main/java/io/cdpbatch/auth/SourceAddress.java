package io.cdpbatch.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The address a request comes from, as the failure windows count it: the peer of the connection,
 * or, when that peer is a trusted proxy ({@code quarkus.http.proxy.trusted-proxies}), the address
 * that proxy saw, i.e. the last entry of {@code X-Forwarded-For}. The last one, because a client
 * can put anything in front of what the proxy appends but cannot change what it appends. An IPv6
 * address counts by its /64, which one host usually has whole.
 */
public final class SourceAddress {

    private static final Pattern NOT_IN_AN_ADDRESS = Pattern.compile("[^0-9A-Za-z.:_-]");

    private SourceAddress() {
    }

    public static String of(HttpServerRequest request) {
        SocketAddress peer = request.connection() == null ? null : request.connection().remoteAddress();
        SocketAddress resolved = request.remoteAddress();
        String peerHost = host(peer);
        // Quarkus replaces the remote address from forwarded headers only for a trusted peer.
        if (peerHost != null && resolved != null && !peerHost.equals(host(resolved))) {
            String forwardedFor = request.getHeader("X-Forwarded-For");
            if (forwardedFor != null && !forwardedFor.isBlank()) {
                String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).trim();
                return normalize(last);
            }
            return normalize(host(resolved));
        }
        return normalize(peerHost != null ? peerHost : host(resolved));
    }

    private static String host(SocketAddress address) {
        return address == null ? null : address.hostAddress();
    }

    /** Literal addresses only (no lookup); IPv6 cut to its /64; anything else kept short, as it came. */
    static String normalize(String host) {
        if (host == null || host.isBlank()) {
            return "unknown";
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (literal.indexOf(':') >= 0 && literal.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            try {
                byte[] bytes = InetAddress.getByName(literal).getAddress();
                if (bytes.length == 16) {
                    StringBuilder prefix = new StringBuilder();
                    for (int i = 0; i < 8; i += 2) {
                        prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
                    }
                    return prefix.append(":/64").toString();
                }
                return InetAddress.getByAddress(bytes).getHostAddress();
            } catch (UnknownHostException e) {
                // not a literal address after all: counted as written
            }
        }
        // it ends up in a log line: nothing but the characters of an address or a host name
        String shown = literal.length() > 64 ? literal.substring(0, 64) : literal;
        return NOT_IN_AN_ADDRESS.matcher(shown).replaceAll("?");
    }
}
