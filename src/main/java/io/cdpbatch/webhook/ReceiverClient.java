package io.cdpbatch.webhook;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;

/**
 * Sends one POST to a receiver and connects to exactly the address it checked: the host name is
 * resolved once, every address it resolves to is checked against {@link AddressRanges}, and the
 * connection goes to the first of those checked addresses, never to a second answer of the DNS (a
 * rebinding attacker's). The request still names the host: the Host header is the URL's, and for
 * https the TLS server name (SNI) and the certificate's host name check are the host name's.
 *
 * <p>
 * The Vert.x HTTP client does this ({@link RequestOptions#setServer} is the address to connect to,
 * {@link RequestOptions#setHost} the peer the request and TLS are for); the JDK's
 * {@code java.net.http.HttpClient} cannot, it always resolves the URL's host itself.
 */
final class ReceiverClient implements AutoCloseable {

    /** Resolves a host name to all its addresses; the JVM's resolver in production. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * The outcome of one attempt: {@code error} is what the tenant sees (generic: it never names an
     * address, a resolver answer or an exception), {@code detail} the precise reason for the service
     * log.
     */
    record Result(boolean delivered, Integer statusCode, String error, String detail) {

        static Result delivered(int status) {
            return new Result(true, status, null, "answered " + status);
        }

        static Result failed(Integer status, String error, String detail) {
            return new Result(false, status, error, detail);
        }
    }

    static final String NOT_PUBLIC = "not a public address (or the host name does not resolve)";
    static final String COULD_NOT_CONNECT = "could not connect";
    static final String CLOSED = "closed the connection without answering";
    static final String TIMED_OUT = "timed out";

    private final HttpClient client;
    private final Resolver resolver;
    private final boolean allowPrivateAddresses;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /**
     * {@code trust} null trusts the JVM's certificate authorities (production); tests give the
     * authority of their own receiver.
     */
    ReceiverClient(Vertx vertx, Resolver resolver, boolean allowPrivateAddresses, Duration connectTimeout,
            Duration requestTimeout, TrustOptions trust) {
        this.resolver = resolver;
        this.allowPrivateAddresses = allowPrivateAddresses;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                // One connection per attempt: nothing pooled outlives the address check it was made for.
                .setKeepAlive(false)
                .setMaxRedirects(0)
                .setVerifyHost(true)
                // No forceSni: it would keep one TLS context per receiver host forever. The JDK's
                // SSLEngine, created for the peer host name, sends that name (SNI) by itself.
                .setTryUseCompression(false);
        if (trust != null) {
            options.setTrustOptions(trust);
        }
        this.client = vertx.createHttpClient(options);
    }

    /** POSTs {@code body} with {@code headers} to {@code uri}; blocks for at most the two timeouts. */
    Result post(URI uri, Map<String, String> headers, String body) {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;

        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Result.failed(null, NOT_PUBLIC, host + " does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            return Result.failed(null, NOT_PUBLIC, host + " does not resolve");
        }
        if (!allowPrivateAddresses) {
            for (InetAddress address : addresses) {
                Optional<AddressRanges.Range> blocked = AddressRanges.blocked(address);
                if (blocked.isPresent()) {
                    return Result.failed(null, NOT_PUBLIC,
                            host + " resolves to " + address.getHostAddress() + " in the blocked range " + blocked.get());
                }
            }
        }
        InetAddress target;
        try {
            // The bytes only, without the host name, so that nothing downstream resolves it again.
            target = InetAddress.getByAddress(addresses[0].getAddress());
        } catch (UnknownHostException e) {
            return Result.failed(null, NOT_PUBLIC, host + " resolved to an address of unknown length");
        }

        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target, port)))
                .setHost(host)
                .setPort(port)
                .setSsl(https)
                .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                .setFollowRedirects(false)
                .setConnectTimeout(connectTimeout.toMillis())
                .setIdleTimeout(requestTimeout.toMillis());
        // As the URL spells it (an IPv6 literal keeps its brackets); there is no user information.
        options.putHeader("Host", uri.getRawAuthority());
        headers.forEach(options::putHeader);

        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        CompletableFuture<Integer> exchange = client.request(options)
                .compose(request -> {
                    sent.set(request);
                    return request.send(Buffer.buffer(body));
                })
                .map(response -> {
                    // The status is all that counts: the body is not read, the connection not kept (its
                    // closing cuts the body short, which is expected, not an error to report).
                    response.exceptionHandler(ignored -> {
                    });
                    response.request().connection().close();
                    return response.statusCode();
                })
                .toCompletionStage().toCompletableFuture();
        String to = host + " (" + target.getHostAddress() + ":" + port + ")";
        try {
            int status = exchange.get(connectTimeout.plus(requestTimeout).toMillis(), TimeUnit.MILLISECONDS);
            if (status >= 200 && status < 300) {
                return Result.delivered(status);
            }
            return Result.failed(status, "answered " + status, to + " answered " + status);
        } catch (TimeoutException e) {
            cancel(sent.get());
            return Result.failed(null, TIMED_OUT, to + ": no answer within " + connectTimeout.plus(requestTimeout));
        } catch (ExecutionException e) {
            return failure(to, e.getCause());
        } catch (InterruptedException e) {
            cancel(sent.get());
            Thread.currentThread().interrupt();
            return Result.failed(null, "interrupted (the service is stopping)", to + ": interrupted");
        }
    }

    private Result failure(String to, Throwable cause) {
        String detail = to + ": " + describe(cause);
        if (cause instanceof TimeoutException || cause instanceof io.netty.channel.ConnectTimeoutException) {
            return Result.failed(null, TIMED_OUT, detail);
        }
        if (cause instanceof HttpClosedException) {
            return Result.failed(null, CLOSED, detail);
        }
        // Refused, reset, unreachable, or a TLS failure (certificate, host name): all the same to the tenant.
        return Result.failed(null, COULD_NOT_CONNECT, detail);
    }

    private static void cancel(HttpClientRequest request) {
        if (request != null) {
            request.reset();
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(' ').append(t.getMessage());
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
