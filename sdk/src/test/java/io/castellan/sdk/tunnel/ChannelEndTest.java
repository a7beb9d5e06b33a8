package io.castellan.sdk.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ChannelEnd} on a real loopback connection, in both modes. */
@Timeout(30)
class ChannelEndTest {

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    /** A connected pair: [0] for the ChannelEnd, [1] the far side. */
    private SocketChannel[] pair() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel far = SocketChannel.open(server.getLocalAddress());
            SocketChannel near = server.accept();
            cleanup.add(near);
            cleanup.add(far);
            return new SocketChannel[] {near, far};
        }
    }

    @Test
    void writesThatNeverBlockTakeWhatTheSocketHasRoomForAndTheBlockingWriterTheRestInOrder() throws Exception {
        SocketChannel[] p = pair();
        ChannelEnd end = new ChannelEnd(p[0]);
        assertThat(end.enableWriteNow()).isTrue();
        byte[] payload = new byte[16 * 1024 * 1024]; // beyond any loopback socket buffer
        new Random(3).nextBytes(payload);
        // the far side reads nothing yet: writes that never block fill the buffers, then take nothing
        int at = 0;
        int zeros = 0;
        while (at < payload.length && zeros < 3) {
            int n = end.writeNow(payload, at, Math.min(65536, payload.length - at));
            zeros = n == 0 ? zeros + 1 : 0;
            at += n;
        }
        assertThat(zeros).as("the socket stopped taking bytes without blocking the writer").isEqualTo(3);
        assertThat(at).isPositive().isLessThan(payload.length);
        int queuedFrom = at;
        CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> {
            try {
                end.output().write(payload, queuedFrom, payload.length - queuedFrom); // waits for room
                end.shutdownOutput();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(rest).as("a blocking write waits while the reader reads nothing").isNotDone();
        byte[] got = p[1].socket().getInputStream().readAllBytes();
        rest.get(10, TimeUnit.SECONDS);
        assertThat(Arrays.mismatch(got, payload)).as("the first byte out of place").isEqualTo(-1);
    }

    @Test
    void readsBlockUntilBytesArriveAndEndWithTheStream() throws Exception {
        SocketChannel[] p = pair();
        ChannelEnd end = new ChannelEnd(p[0]);
        end.enableWriteNow();
        byte[] buffer = new byte[8];
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> read(end, buffer));
        Thread.sleep(200);
        assertThat(first).as("a read waits for bytes").isNotDone();
        p[1].socket().getOutputStream().write(new byte[] {1, 2, 3});
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(3); // less than asked: the next read waits first
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> read(end, buffer));
        Thread.sleep(200);
        assertThat(second).isNotDone();
        p[1].socket().getOutputStream().write(new byte[] {4, 5});
        assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(Arrays.copyOf(buffer, 2)).containsExactly(4, 5);
        p[1].shutdownOutput();
        assertThat(end.input().read(buffer, 0, 8)).isEqualTo(-1);
    }

    @Test
    void closingWakesAReaderAndAWriterThatWait() throws Exception {
        SocketChannel[] p = pair();
        ChannelEnd end = new ChannelEnd(p[0]);
        end.enableWriteNow();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> read(end, new byte[8]));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                end.output().write(new byte[32 * 1024 * 1024]); // the far side never reads
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertThat(reader).isNotDone();
        assertThat(writer).isNotDone();
        end.close();
        assertThatThrownBy(() -> reader.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> writer.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> end.writeNow(new byte[1], 0, 1)).isInstanceOf(IOException.class);
        end.close(); // idempotent
        assertThat(endSeenByFarSide(p[1])).as("the far side sees the connection end").isTrue();
    }

    @Test
    void withoutWritesThatNeverBlockItIsAPlainBlockingConnection() throws Exception {
        SocketChannel[] p = pair();
        ChannelEnd end = new ChannelEnd(p[0]);
        assertThatThrownBy(() -> end.writeNow(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("enableWriteNow");
        end.output().write("ping".getBytes());
        byte[] got = new byte[4];
        p[1].socket().getInputStream().readNBytes(got, 0, 4);
        assertThat(new String(got)).isEqualTo("ping");
        p[1].socket().getOutputStream().write("pong".getBytes());
        assertThat(new String(end.input().readNBytes(4))).isEqualTo("pong");
        assertThat(p[0].isBlocking()).isTrue();
    }

    /** Reads until the end of the stream (true) or a reset (true); a read that blocks fails the test's timeout. */
    private static boolean endSeenByFarSide(SocketChannel far) {
        java.nio.ByteBuffer sink = java.nio.ByteBuffer.allocate(1 << 20);
        try {
            while (true) {
                sink.clear();
                if (far.read(sink) < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    private static int read(ChannelEnd end, byte[] buffer) {
        try {
            return end.input().read(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
