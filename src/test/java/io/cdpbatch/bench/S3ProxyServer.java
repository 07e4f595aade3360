package io.cdpbatch.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.cdpbatch.devstack.EmbeddedStack;

/**
 * S3Proxy for the benchmark: the in-memory store (the filesystem store rejects the server-side
 * encryption header the presigned URLs sign) with a heap large enough for a 1M-record file.
 */
final class S3ProxyServer {

    private S3ProxyServer() {
    }

    static EmbeddedStack.S3ProxyProcess start(Path workDir, String heap) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("cdpbatch.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw generate-resources once");
        }
        Files.createDirectories(workDir);
        int port = EmbeddedStack.freePort();
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", EmbeddedStack.ACCESS_KEY);
        props.setProperty("s3proxy.credential", EmbeddedStack.SECRET_KEY);
        props.setProperty("jclouds.identity", EmbeddedStack.ACCESS_KEY);
        props.setProperty("jclouds.credential", EmbeddedStack.SECRET_KEY);
        props.setProperty("jclouds.provider", "transient");
        Path propsFile = workDir.resolve("s3proxy.properties");
        try (var out = Files.newOutputStream(propsFile)) {
            props.store(out, "benchmark S3Proxy");
        }
        Path log = workDir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, heap, "-XX:+UseSerialGC", "-jar", jar.toAbsolutePath().toString(),
                "--properties", propsFile.toAbsolutePath().toString())).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return new EmbeddedStack.S3ProxyProcess(process, "http://127.0.0.1:" + port, port, log);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("S3Proxy did not start; see " + log);
                }
                Thread.sleep(200);
            }
        }
    }
}
