package io.cdpbatch.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a fixed port in front of a server. Closing it makes the server unreachable
 * exactly as a stopped server is: open connections are reset, new ones refused. Opening it again
 * on the same port makes the server reachable again with all its data. A latency holds every
 * forwarded piece of data that long, in both directions: a slow network, so that work over it
 * cannot finish faster than its round trips allow, however fast the machine.
 */
final class TcpGate implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile long latencyMillis;

    TcpGate(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    synchronized TcpGate open() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = socket;
            Thread acceptor = new Thread(() -> accept(socket), "tcp-gate-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open port " + port, e);
        }
    }

    /** Holds every forwarded piece of data this long from now on (0: none). */
    TcpGate latency(java.time.Duration latency) {
        latencyMillis = latency.toMillis();
        return this;
    }

    int port() {
        return port;
    }

    /** Refuses new connections and resets the open ones. */
    @Override
    public synchronized void close() {
        ServerSocket socket = server;
        server = null;
        if (socket != null) {
            closeQuietly(socket);
        }
        for (Socket open : sockets) {
            try {
                open.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
            closeQuietly(open);
        }
        sockets.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long hold = latencyMillis;
                    if (hold > 0) {
                        Thread.sleep(hold);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "tcp-gate-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
