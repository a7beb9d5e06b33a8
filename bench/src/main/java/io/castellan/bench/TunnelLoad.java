package io.castellan.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The three measurements of the tunnel benchmark, the same for every path to {@link TunnelTargetServer}. */
final class TunnelLoad {

    /** A bulk transfer: bytes sent one way, until the target confirmed it read them all. */
    record Bulk(long bytes, long nanos) {
        double mibPerSecond() {
            return bytes / 1048576.0 / Stats.seconds(nanos);
        }
    }

    private static final int CHUNK = 64 * 1024;

    private TunnelLoad() {
    }

    /** Sends {@code bytes} (random, generated once) and waits for the target's count of what it read. */
    static Bulk bulk(int port, long bytes) throws IOException {
        byte[] chunk = new byte[CHUNK];
        ThreadLocalRandom.current().nextBytes(chunk);
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            long t0 = System.nanoTime();
            out.write('S');
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                out.write(chunk, 0, (int) Math.min(CHUNK, bytes - sent));
            }
            out.flush();
            s.shutdownOutput();
            long got = new DataInputStream(s.getInputStream()).readLong();
            long took = System.nanoTime() - t0;
            if (got != bytes) {
                throw new IOException("the target read " + got + " of " + bytes + " bytes");
            }
            return new Bulk(bytes, took);
        }
    }

    /** Round trips of {@code size} bytes on one connection; the first {@code warmup} are not kept. Sorted nanos. */
    static long[] pingPong(int port, int trips, int warmup, int size) throws IOException {
        byte[] msg = new byte[size];
        byte[] back = new byte[size];
        long[] rtt = new long[trips];
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write('E');
            for (int i = -warmup; i < trips; i++) {
                msg[0] = (byte) i;
                long t0 = System.nanoTime();
                out.write(msg);
                out.flush();
                new DataInputStream(in).readFully(back);
                long took = System.nanoTime() - t0;
                if (back[0] != msg[0]) {
                    throw new IOException("the echo answered another message");
                }
                if (i >= 0) {
                    rtt[i] = took;
                }
            }
        }
        Arrays.sort(rtt);
        return rtt;
    }

    /** Concurrent connections held open at once; {@link #errors} counts every failed connect or echo. */
    static final class Held implements AutoCloseable {
        final List<Socket> sockets = new ArrayList<>();
        final AtomicInteger errors = new AtomicInteger();
        volatile String firstError;

        void error(Exception e) {
            errors.incrementAndGet();
            if (firstError == null) {
                firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }

        @Override
        public void close() {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
    }

    /**
     * Opens {@code n} connections (in batches, so the local listener's backlog is not the thing measured), each
     * echoing one message to prove it reaches the target, and leaves them all open.
     */
    static Held hold(int port, int n, int batch) throws InterruptedException {
        Held held = new Held();
        for (int from = 0; from < n; from += batch) {
            List<Thread> threads = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + batch); i++) {
                int id = i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        Socket s = connect(port);
                        synchronized (held.sockets) {
                            held.sockets.add(s);
                        }
                        s.setSoTimeout(120_000);
                        byte[] msg = ("hello " + id).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                        s.getOutputStream().write('E');
                        s.getOutputStream().write(msg);
                        byte[] back = new byte[msg.length];
                        new DataInputStream(s.getInputStream()).readFully(back);
                        if (!Arrays.equals(msg, back)) {
                            throw new IOException("connection " + id + " echoed something else");
                        }
                    } catch (IOException e) {
                        held.error(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        return held;
    }

    /** Every held connection echoes once more, all at once: they are all still alive. */
    static void pingAll(Held held) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Socket> sockets;
        synchronized (held.sockets) {
            sockets = List.copyOf(held.sockets);
        }
        for (Socket s : sockets) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write('x');
                    if (s.getInputStream().read() != 'x') {
                        throw new IOException("a held connection ended");
                    }
                } catch (IOException e) {
                    held.error(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
        return s;
    }
}
