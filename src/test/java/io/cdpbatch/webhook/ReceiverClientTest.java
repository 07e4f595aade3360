package io.cdpbatch.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;

/**
 * The delivery's HTTP client against real receivers on loopback, with a resolver the test controls
 * (the outside boundary): it connects to the address it checked, and only to it.
 */
class ReceiverClientTest {

    static final String BODY = "{\"type\":\"batch.completed\"}";
    static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json", "webhook-id", "test-delivery");

    Vertx vertx;
    final List<AutoCloseable> closing = new ArrayList<>();

    /** Answers the n-th lookup with the n-th list of addresses (the last one again after that), and counts. */
    static final class ScriptedResolver implements ReceiverClient.Resolver {
        final List<String> hosts = new CopyOnWriteArrayList<>();
        private final List<List<String>> answers;

        ScriptedResolver(List<List<String>> answers) {
            this.answers = answers;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            hosts.add(host);
            List<String> answer = answers.get(Math.min(hosts.size(), answers.size()) - 1);
            if (answer.isEmpty()) {
                throw new UnknownHostException(host);
            }
            InetAddress[] addresses = new InetAddress[answer.size()];
            for (int i = 0; i < addresses.length; i++) {
                // as the JVM resolver returns them: the address with the host name it was found for
                addresses[i] = InetAddress.getByAddress(host, InetAddress.getByName(answer.get(i)).getAddress());
            }
            return addresses;
        }
    }

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    ReceiverClient client(ScriptedResolver resolver, boolean allowPrivate, Duration requestTimeout, TrustOptions trust) {
        ReceiverClient client = new ReceiverClient(vertx, resolver, allowPrivate, Duration.ofSeconds(2), requestTimeout, trust);
        closing.add(client);
        return client;
    }

    Receiver receiver(java.util.function.IntUnaryOperator answer) throws Exception {
        Receiver receiver = Receiver.answering(answer);
        closing.add(receiver);
        return receiver;
    }

    /**
     * DNS rebinding: the name answers a public address to the check and loopback to any later
     * lookup. The client looks up once and connects to the public address it checked (nothing
     * listens there for the test: the attempt fails), never to the loopback receiver.
     */
    @Test
    void aRebindingNameNeverReachesLoopback() throws Exception {
        Receiver loopback = receiver(n -> 200);
        ScriptedResolver resolver = new ScriptedResolver(List.of(List.of("198.20.0.1"), List.of("127.0.0.1")));
        ReceiverClient client = new ReceiverClient(vertx, resolver, false, Duration.ofMillis(300), Duration.ofMillis(300),
                null);
        closing.add(client);

        ReceiverClient.Result first = client.post(URI.create(loopback.url("rebind.example.test")), HEADERS, BODY);

        assertThat(first.delivered()).isFalse();
        assertThat(first.error()).isIn(ReceiverClient.TIMED_OUT, ReceiverClient.COULD_NOT_CONNECT);
        assertThat(first.detail()).startsWith("rebind.example.test (198.20.0.1:" + loopback.port() + ")");
        assertThat(resolver.hosts).containsExactly("rebind.example.test");

        // the next attempt looks up again, sees loopback, and does not connect
        ReceiverClient.Result second = client.post(URI.create(loopback.url("rebind.example.test")), HEADERS, BODY);
        assertThat(second.error()).isEqualTo(ReceiverClient.NOT_PUBLIC);
        assertThat(resolver.hosts).hasSize(2);
        assertThat(loopback.count()).isZero();
    }

    @Test
    void everyAddressOfTheNameIsCheckedNotOnlyTheFirst() throws Exception {
        Receiver loopback = receiver(n -> 200);
        ScriptedResolver resolver = new ScriptedResolver(List.of(List.of("198.20.0.1", "127.0.0.1")));

        ReceiverClient.Result result = client(resolver, false, Duration.ofSeconds(2), null)
                .post(URI.create(loopback.url("mixed.example.test")), HEADERS, BODY);

        assertThat(result).isEqualTo(ReceiverClient.Result.failed(null, ReceiverClient.NOT_PUBLIC,
                "mixed.example.test resolves to 127.0.0.1 in the blocked range 127.0.0.0/8 (loopback)"));
        assertThat(loopback.count()).isZero();
    }

    /** A name that does not resolve gets the same answer as a private one: no probe of internal names. */
    @Test
    void aNameThatDoesNotResolveLooksLikeANonPublicOne() throws Exception {
        ScriptedResolver resolver = new ScriptedResolver(List.of(List.of()));

        ReceiverClient.Result result = client(resolver, false, Duration.ofSeconds(2), null)
                .post(URI.create("https://internal.example.test/hook"), HEADERS, BODY);

        assertThat(result).isEqualTo(ReceiverClient.Result.failed(null, ReceiverClient.NOT_PUBLIC,
                "internal.example.test does not resolve"));
    }

    /**
     * With private addresses allowed (dev and tests), the connection still goes to the first answer:
     * the second answer (an unreachable documentation address) is never looked up. The request names
     * the host, not the address.
     */
    @Test
    void theConnectionGoesToTheCheckedAddressWithTheHostName() throws Exception {
        Receiver receiver = receiver(n -> 204);
        ScriptedResolver resolver = new ScriptedResolver(List.of(List.of("127.0.0.1"), List.of("192.0.2.1")));

        ReceiverClient.Result result = client(resolver, true, Duration.ofSeconds(2), null)
                .post(URI.create(receiver.url("hooks.example.test") + "?tenant=a%20b"), HEADERS, BODY);

        assertThat(result).isEqualTo(ReceiverClient.Result.delivered(204));
        assertThat(resolver.hosts).containsExactly("hooks.example.test");
        Receiver.Received post = receiver.received().get(0);
        assertThat(post.header("Host")).isEqualTo("hooks.example.test:" + receiver.port());
        assertThat(post.path()).isEqualTo("/hooks/batches");
        assertThat(post.header("webhook-id")).isEqualTo("test-delivery");
        assertThat(post.body()).isEqualTo(BODY);
        assertThat(post.serverName()).isNull();
    }

    /**
     * Over https the pinned connection still asks for the host name (SNI) and checks the
     * certificate against it: the receiver's certificate is for hooks.example.test.
     */
    @Test
    void httpsKeepsTheServerNameAndChecksTheCertificateAgainstTheHostName() throws Exception {
        TestCertificate certificate = TestCertificate.forHost("hooks.example.test");
        Receiver receiver = Receiver.https(certificate.serverContext(), n -> 200);
        closing.add(receiver);
        TrustOptions trust = new PemTrustOptions().addCertPath(certificate.pem().toString());
        ScriptedResolver resolver = new ScriptedResolver(List.of(List.of("127.0.0.1")));
        ReceiverClient client = client(resolver, true, Duration.ofSeconds(5), trust);

        assertThat(client.post(URI.create(receiver.url("hooks.example.test")), HEADERS, BODY))
                .isEqualTo(ReceiverClient.Result.delivered(200));
        Receiver.Received post = receiver.received().get(0);
        assertThat(post.serverName()).isEqualTo("hooks.example.test");
        assertThat(post.header("Host")).isEqualTo("hooks.example.test:" + receiver.port());

        // the same server under another name: the certificate does not match, nothing is sent
        ReceiverClient.Result other = client.post(URI.create(receiver.url("other.example.test")), HEADERS, BODY);
        assertThat(other.delivered()).isFalse();
        assertThat(other.error()).isEqualTo(ReceiverClient.COULD_NOT_CONNECT);
        assertThat(receiver.count()).isEqualTo(1);
    }

    @Test
    void theTenantSeesGenericReasons() throws Exception {
        ScriptedResolver resolver = new ScriptedResolver(List.of(List.of("127.0.0.1")));
        ReceiverClient client = client(resolver, true, Duration.ofMillis(500), null);

        Receiver failing = receiver(n -> 503);
        assertThat(client.post(URI.create(failing.url()), HEADERS, BODY).error()).isEqualTo("answered 503");
        Receiver redirecting = receiver(n -> 302);
        ReceiverClient.Result redirected = client.post(URI.create(redirecting.url()), HEADERS, BODY);
        assertThat(redirected).extracting(ReceiverClient.Result::statusCode, ReceiverClient.Result::error)
                .containsExactly(302, "answered 302");

        Receiver hanging = receiver(n -> 0);
        ReceiverClient.Result timedOut = client.post(URI.create(hanging.url()), HEADERS, BODY);
        assertThat(timedOut).extracting(ReceiverClient.Result::statusCode, ReceiverClient.Result::error)
                .containsExactly(null, ReceiverClient.TIMED_OUT);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ReceiverClient.Result refused = client.post(URI.create("http://127.0.0.1:" + closedPort + "/hook"), HEADERS, BODY);
        assertThat(refused.error()).isEqualTo(ReceiverClient.COULD_NOT_CONNECT);
        // the precise reason is for the service log only
        assertThat(refused.detail()).startsWith("127.0.0.1 (127.0.0.1:" + closedPort + "): ");
    }
}
