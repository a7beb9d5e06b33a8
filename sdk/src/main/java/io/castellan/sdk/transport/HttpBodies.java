package io.castellan.sdk.transport;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects response bodies with an upper bound, so a hostile or broken server cannot exhaust the device's memory.
 * The bytes are gathered on the HTTP client's own threads as they arrive (no hand-off to the calling thread through a
 * blocking stream); past the bound the body is cancelled and the call fails with {@link TooLarge}.
 */
final class HttpBodies {

    private HttpBodies() {
    }

    /** The body was larger than the bound; nothing of it is kept. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long maxBytes) {
            super("the response body is larger than " + maxBytes + " bytes");
        }
    }

    /** @return a handler whose body is the whole response, refused past {@code maxBytes} */
    static HttpResponse.BodyHandler<byte[]> bounded(long maxBytes) {
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes out of range");
        }
        return info -> new Bounded(maxBytes);
    }

    /** @return whether {@code failure} or one of its causes is a {@link TooLarge} */
    static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {

        private final long maxBytes;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final List<ByteBuffer> parts = new ArrayList<>();
        private Flow.Subscription subscription;
        private long total;

        Bounded(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                total += b.remaining();
                if (total > maxBytes) {
                    parts.clear();
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge(maxBytes));
                    return;
                }
                parts.add(b);
            }
        }

        @Override
        public void onError(Throwable failure) {
            parts.clear();
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            if (body.isDone()) {
                return;
            }
            byte[] all = new byte[(int) total];
            int at = 0;
            for (ByteBuffer b : parts) {
                int n = b.remaining();
                b.get(all, at, n);
                at += n;
            }
            parts.clear();
            body.complete(all);
        }
    }
}
