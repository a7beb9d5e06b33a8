package io.castellan.model.tunnel;

import io.castellan.crypto.CryptoException;
import io.castellan.crypto.TunnelKeys;
import io.castellan.crypto.TunnelOpener;
import io.castellan.crypto.TunnelSealer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One end of an established tunnel: seals {@link Frame}s into {@link WireMessage.Sealed} messages (or
 * {@link WireMessage.Batch}es of them), opens the peer's
 * (in sequence order only: replay, reordering and loss are refused), and multiplexes {@link TunnelStream}s over them.
 * The CLI {@link #open}s streams; the gateway answers OPEN through its {@link Connector}. A tunnel ends cleanly with a
 * CLOSE frame; a transport that ends without one is reported as truncated.
 */
public final class TunnelMux {

    /** Carries wire messages to the peer (through the relay). */
    public interface Transport {
        /** Sends one message, blocking until the transport took it. */
        void send(byte[] message) throws IOException;

        /**
         * Sends the message {@code buffer[offset, offset + length)}; the {@link TunnelProtocol#DIRECT_LENGTH_PREFIX}
         * bytes before {@code offset} are free for the transport's own use, so a length-prefixed transport writes it
         * without a copy.
         *
         * @return true when the transport is done with {@code buffer} (it wrote or copied the message), so the caller
         *         may use it again; false when it keeps it (a queue)
         */
        default boolean sendWithHeadroom(byte[] buffer, int offset, int length) throws IOException {
            send(java.util.Arrays.copyOfRange(buffer, offset, offset + length));
            return true;
        }

        /** Closes the transport; idempotent. */
        void close(String reason);
    }

    /** The gateway's side: connects a new stream to the target. */
    @FunctionalInterface
    public interface Connector {
        /** @throws IOException with a message the CLI may show (refused, timed out) */
        LocalEnd connect(int stream) throws IOException;
    }

    /** Hears about streams and the tunnel's end. */
    public interface Listener {
        Listener NONE = new Listener() { };

        /** The gateway could not connect stream {@code stream}. */
        default void streamRefused(int stream, String reason) {
        }

        /**
         * @param reason why
         * @param clean  true when a side closed the tunnel with CLOSE; false when it broke (truncated, tampered)
         */
        default void closed(String reason, boolean clean) {
        }
    }

    private final boolean client;
    private final TunnelSealer sealer;
    private final TunnelOpener opener;
    private final Transport transport;
    private final Connector connector;
    private final Listener listener;
    private final PumpThreads pumps;
    private final ConcurrentHashMap<Integer, TunnelStream> streams = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, LocalEnd> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextStream = new AtomicInteger(1);
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong windowGrowthLeft = new AtomicLong(TunnelProtocol.TUNNEL_WINDOW_GROWTH);
    private final Object sendLock = new Object();
    private final Object receiveLock = new Object();
    /** The last DATA message's buffer, when the transport gave it back: the next one is sealed into it. */
    private byte[] spareMessage; // guarded by sendLock
    private boolean framesReceived; // guarded by receiveLock
    private volatile DirectOffer directOffer;
    private volatile boolean closed;

    private TunnelMux(boolean client, TunnelKeys keys, Transport transport, Connector connector, Listener listener,
                      PumpThreads pumps) {
        this.client = client;
        int mine = client ? TunnelSealer.CLIENT_TO_GATEWAY : TunnelSealer.GATEWAY_TO_CLIENT;
        int theirs = client ? TunnelSealer.GATEWAY_TO_CLIENT : TunnelSealer.CLIENT_TO_GATEWAY;
        this.sealer = new TunnelSealer(client ? keys.clientToGateway() : keys.gatewayToClient(), mine);
        this.opener = new TunnelOpener(client ? keys.gatewayToClient() : keys.clientToGateway(), theirs);
        this.transport = transport;
        this.connector = connector;
        this.listener = listener;
        this.pumps = pumps;
    }

    /** The CLI's end. */
    public static TunnelMux client(TunnelKeys keys, Transport transport, Listener listener) {
        return new TunnelMux(true, keys, transport, null, listener, PumpThreads.SHARED);
    }

    /** The gateway's end: OPEN frames are answered by {@code connector} (on a virtual thread each). */
    public static TunnelMux gateway(TunnelKeys keys, Transport transport, Connector connector, Listener listener) {
        return gateway(keys, transport, connector, listener, PumpThreads.SHARED);
    }

    /** The gateway's end, its streams' pumps from {@code pumps}; for tests of a spent budget. */
    static TunnelMux gateway(TunnelKeys keys, Transport transport, Connector connector, Listener listener,
                             PumpThreads pumps) {
        return new TunnelMux(false, keys, transport, connector, listener, pumps);
    }

    /**
     * CLI: opens a stream for a local connection; its bytes flow once the gateway reached the target.
     *
     * @return the stream id
     * @throws IOException when the tunnel is closed or has too many streams
     */
    public int open(LocalEnd end) throws IOException {
        if (!client) {
            throw new IllegalStateException("only the CLI opens streams");
        }
        if (streams.size() + pending.size() >= TunnelProtocol.MAX_STREAMS) {
            throw new IOException("the tunnel already carries " + TunnelProtocol.MAX_STREAMS + " connections");
        }
        int id = nextStream.getAndAdd(2);
        pending.put(id, end);
        try {
            send(Frame.open(id));
        } catch (IOException e) {
            pending.remove(id);
            throw e;
        }
        return id;
    }

    /**
     * One message from the transport. Never blocks on a stream. A broken message closes the tunnel. Messages are
     * taken one at a time, whichever transport they came from (the relay and the direct path): each must carry the
     * next sequence number.
     */
    public void receive(ByteBuffer message) {
        synchronized (receiveLock) {
            receiveNow(message);
        }
    }

    private void receiveNow(ByteBuffer message) {
        if (closed) {
            return;
        }
        byte[] bytes;
        int offset;
        int length = message.remaining();
        if (message.hasArray()) {
            bytes = message.array();
            offset = message.arrayOffset() + message.position();
        } else {
            bytes = new byte[length];
            message.duplicate().get(bytes);
            offset = 0;
        }
        try {
            // sealed frames are opened where they lie in the message; anything else is decoded to say what it is
            if (!WireMessage.forEachSealed(bytes, offset, length, this::openAndDispatch)) {
                WireMessage.decode(ByteBuffer.wrap(bytes, offset, length));
                throw new TunnelProtocolException("a hello or relay message after the handshake");
            }
        } catch (TunnelProtocolException | CryptoException e) {
            fail(e.getMessage());
        }
    }

    /** Opens one sealed frame (it must carry the next sequence number) and acts on it. */
    private void openAndDispatch(long sequence, byte[] bytes, int offset, int length) {
        if (closed) {
            return;
        }
        byte[] plain = opener.open(sequence, bytes, offset, length);
        boolean first = !framesReceived;
        framesReceived = true;
        if (plain.length > 0 && plain[0] == FrameType.DATA.code) {
            // the bulk of a tunnel: the payload goes to its stream where it lies in the opened frame
            TunnelStream stream = streams.get(Frame.dataStream(plain));
            if (stream != null) {
                stream.data(plain, Frame.HEADER, plain.length - Frame.HEADER);
            }
            return;
        }
        Frame frame = Frame.decode(plain);
        if (frame.type() == FrameType.DIRECT) {
            if (!client || !first) {
                throw new TunnelProtocolException("a direct offer that is not the gateway's first frame");
            }
            directOffer = DirectOffer.decode(frame.payload());
            return;
        }
        dispatch(frame);
    }

    private void dispatch(Frame frame) {
        TunnelStream stream = streams.get(frame.stream());
        switch (frame.type()) {
            case OPEN -> accept(frame.stream());
            case OPENED -> started(frame.stream());
            case REFUSED -> refused(frame.stream(), frame.reason());
            case DATA -> {
                if (stream != null) {
                    stream.data(frame.payload());
                }
            }
            case CREDIT -> {
                if (stream != null) {
                    stream.credit(frame.grant());
                }
            }
            case FIN -> {
                if (stream != null) {
                    stream.fin();
                }
            }
            case RESET -> {
                if (stream != null) {
                    stream.abort(frame.reason(), false);
                }
                LocalEnd waiting = pending.remove(frame.stream());
                if (waiting != null) {
                    waiting.close();
                }
            }
            case CLOSE -> end(frame.reason(), true, false);
            case DIRECT -> throw new IllegalStateException("taken before dispatch");
        }
    }

    private void accept(int id) {
        if (client || id % 2 == 0 || streams.containsKey(id) || pending.containsKey(id)) {
            throw new TunnelProtocolException("OPEN of stream " + id + " is not allowed");
        }
        if (streams.size() + pending.size() >= TunnelProtocol.MAX_STREAMS) {
            trySend(Frame.refused(id, "the tunnel already carries " + TunnelProtocol.MAX_STREAMS + " connections"));
            return;
        }
        Thread.ofVirtual().name("tunnel-connect-" + id).start(() -> {
            LocalEnd end;
            try {
                end = connector.connect(id);
            } catch (IOException | RuntimeException e) {
                trySend(Frame.refused(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                return;
            }
            TunnelStream stream = new TunnelStream(id, this, end);
            streams.put(id, stream);
            if (closed || !trySend(Frame.opened(id))) {
                stream.abort("tunnel closed", false);
                return;
            }
            stream.start();
        });
    }

    private void started(int id) {
        LocalEnd end = pending.remove(id);
        if (!client || end == null) {
            throw new TunnelProtocolException("OPENED for stream " + id + " that was not being opened");
        }
        TunnelStream stream = new TunnelStream(id, this, end);
        streams.put(id, stream);
        stream.start();
    }

    private void refused(int id, String reason) {
        LocalEnd end = pending.remove(id);
        if (!client || end == null) {
            throw new TunnelProtocolException("REFUSED for stream " + id + " that was not being opened");
        }
        end.close();
        listener.streamRefused(id, reason);
    }

    void send(Frame frame) throws IOException {
        byte[] plain = frame.encode();
        synchronized (sendLock) {
            if (closed) {
                throw new IOException("the tunnel is closed");
            }
            long seq = sealer.nextSequence();
            byte[] sealed = sealer.seal(plain);
            transport.send(new WireMessage.Sealed(seq, sealed).encode());
        }
    }

    /**
     * Gateway: sends the direct-path offer, which must be this end's first frame (the CLI refuses it anywhere else).
     *
     * @throws IOException when the transport failed
     */
    public void sendDirectOffer(DirectOffer offer) throws IOException {
        if (client) {
            throw new IllegalStateException("only the gateway offers a direct path");
        }
        send(Frame.direct(offer));
    }

    /** @return the gateway's direct-path offer once it arrived (the CLI's end), else null */
    public DirectOffer directOffer() {
        return directOffer;
    }

    /**
     * Sends {@code buffer[0, n)} of stream {@code stream} as DATA frames of at most {@code frameData} bytes, sealed
     * straight from {@code buffer} into one message (a batch when there are several), with room before it for the
     * transport's length prefix: one copy of the bytes (the encryption's own output) instead of one per layer.
     */
    void sendData(int stream, byte[] buffer, int n, int frameData) throws IOException {
        int frames = (n + frameData - 1) / frameData;
        int perFrame = Frame.HEADER + TunnelSealer.TAG_LENGTH;
        int size = 9 + (frames == 1 ? perFrame : frames * (2 + perFrame)) + n;
        if (n < 1 || size > TunnelProtocol.MAX_MESSAGE) {
            throw new IllegalArgumentException("DATA of " + n + " bytes does not make one message");
        }
        int headroom = TunnelProtocol.DIRECT_LENGTH_PREFIX;
        byte[] header = ByteBuffer.allocate(Frame.HEADER).put((byte) FrameType.DATA.code).putInt(stream).array();
        synchronized (sendLock) {
            if (closed) {
                throw new IOException("the tunnel is closed");
            }
            // the direct path writes a message before it returns: its buffer serves again (no 64 KiB allocated and
            // zeroed per message of a bulk transfer); the relay queues messages and keeps theirs
            byte[] message = spareMessage != null && spareMessage.length >= headroom + size ? spareMessage
                    : new byte[headroom + size];
            spareMessage = null;
            ByteBuffer.wrap(message, headroom, 9).put((byte) (frames == 1 ? 3 : 6)).putLong(sealer.nextSequence());
            int at = headroom + 9;
            for (int from = 0; from < n; from += frameData) {
                int len = Math.min(frameData, n - from);
                if (frames > 1) {
                    int sealedLength = perFrame + len;
                    message[at] = (byte) (sealedLength >>> 8);
                    message[at + 1] = (byte) sealedLength;
                    at += 2;
                }
                at += sealer.sealInto(header, buffer, from, len, message, at);
            }
            if (transport.sendWithHeadroom(message, headroom, size)) {
                spareMessage = message;
            }
        }
    }

    /** @return false when the frame could not be sent */
    boolean trySend(Frame frame) {
        try {
            send(frame);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** @return the threads this end's streams pump on */
    PumpThreads pumps() {
        return pumps;
    }

    void forget(TunnelStream stream) {
        if (streams.remove(stream.id, stream)) {
            windowGrowthLeft.addAndGet(stream.releaseGrowth());
        }
    }

    /**
     * Takes {@code bytes} of window growth from this tunnel's allowance ({@link TunnelProtocol#TUNNEL_WINDOW_GROWTH}),
     * so that the streams' grown windows together stay bounded; false when not that much is left.
     */
    boolean reserveWindowGrowth(long bytes) {
        for (long left = windowGrowthLeft.get(); left >= bytes; left = windowGrowthLeft.get()) {
            if (windowGrowthLeft.compareAndSet(left, left - bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Gives back growth reserved but not used. */
    void returnWindowGrowth(long bytes) {
        windowGrowthLeft.addAndGet(bytes);
    }

    /** @return window growth the streams of this tunnel may still take; for tests */
    long windowGrowthLeft() {
        return windowGrowthLeft.get();
    }

    void countOut(int n) {
        bytesOut.addAndGet(n);
    }

    void countIn(int n) {
        bytesIn.addAndGet(n);
    }

    /** @return payload bytes this end read from its local ends and sent */
    public long bytesSent() {
        return bytesOut.get();
    }

    /** @return payload bytes this end received and wrote to its local ends */
    public long bytesReceived() {
        return bytesIn.get();
    }

    /** @return streams open now */
    public int openStreams() {
        return streams.size();
    }

    /** @return whether the tunnel has ended */
    public boolean closed() {
        return closed;
    }

    /** Ends the tunnel cleanly: CLOSE to the peer, every stream aborted, the transport closed. */
    public void close(String reason) {
        end(reason, true, true);
    }

    /** The transport ended. Without a CLOSE frame before, the tunnel was truncated. */
    public void transportClosed(String reason) {
        end("the tunnel was cut off without a close (truncated): " + TunnelProtocol.printable(reason), false, false);
    }

    private void fail(String reason) {
        end("tunnel protocol error: " + reason, false, true);
    }

    private void end(String reason, boolean clean, boolean tellPeer) {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            // marked before the CLOSE leaves: a peer that reacts to it must already see this end as closed
            closed = true;
            if (tellPeer) {
                try {
                    transport.send(new WireMessage.Sealed(sealer.nextSequence(), sealer.seal(Frame.close(reason)
                            .encode())).encode());
                } catch (IOException | RuntimeException e) {
                    // the peer will see a truncated tunnel instead
                }
            }
        }
        for (TunnelStream s : List.copyOf(streams.values())) {
            s.abort(reason, false);
        }
        pending.values().forEach(LocalEnd::close);
        pending.clear();
        transport.close(reason);
        listener.closed(reason, clean);
    }
}
