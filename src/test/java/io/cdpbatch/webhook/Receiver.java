package io.cdpbatch.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

/**
 * A webhook receiver for tests: the JDK's HTTP (or HTTPS) server on a free port of 127.0.0.1,
 * recording every request and answering with the status {@code answer} gives for the n-th request
 * (1-based), or never answering (until closed) when it gives 0.
 */
final class Receiver implements AutoCloseable {

    /** {@code serverName}: the TLS server name (SNI) the client asked for, null over plain HTTP. */
    record Received(String method, String path, Map<String, String> headers, String body, String serverName) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final boolean tls;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);

    private Receiver(IntUnaryOperator answer, SSLContext tls) throws IOException {
        this.tls = tls != null;
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            int n = count.incrementAndGet();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String serverName = null;
            if (exchange instanceof HttpsExchange secure && secure.getSSLSession() instanceof ExtendedSSLSession session) {
                serverName = session.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
                        .map(name -> ((SNIHostName) name).getAsciiName()).findFirst().orElse(null);
            }
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                    serverName));
            int status = answer.applyAsInt(n);
            if (status == 0) {
                try {
                    closed.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] reply = (status >= 300 ? "nope, attempt " + n : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    static Receiver answering(IntUnaryOperator answer) throws IOException {
        return new Receiver(answer, null);
    }

    static Receiver ok() throws IOException {
        return new Receiver(n -> 200, null);
    }

    /** Over TLS with this context's certificate. */
    static Receiver https(SSLContext tls, IntUnaryOperator answer) throws IOException {
        return new Receiver(answer, tls);
    }

    String url() {
        return url("127.0.0.1");
    }

    /** The URL with another host name (that a test resolver maps to 127.0.0.1). */
    String url(String host) {
        return (tls ? "https://" : "http://") + host + ":" + port() + "/hooks/batches";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    int count() {
        return received.size();
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
