package io.castellan.sdk.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HttpBodiesTest {

    private static final class Subscription implements Flow.Subscription {
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();

        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    }

    private static HttpResponse.BodySubscriber<byte[]> subscriber(long max, Subscription s) {
        HttpResponse.BodySubscriber<byte[]> body = HttpBodies.bounded(max).apply(null);
        body.onSubscribe(s);
        return body;
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theBodyIsThePartsInOrder() throws Exception {
        Subscription s = new Subscription();
        HttpResponse.BodySubscriber<byte[]> body = subscriber(10, s);
        body.onNext(List.of(bytes("abc"), bytes("de")));
        body.onNext(List.of(bytes("fghij")));
        body.onComplete();
        assertThat(new String(body.getBody().toCompletableFuture().get(), StandardCharsets.US_ASCII))
                .isEqualTo("abcdefghij");
        assertThat(s.requested.get()).isPositive();
        assertThat(s.cancelled).isFalse();
    }

    @Test
    void oneByteOverTheBoundCancelsAndFails() {
        Subscription s = new Subscription();
        HttpResponse.BodySubscriber<byte[]> body = subscriber(10, s);
        body.onNext(List.of(bytes("abcdefghij")));
        body.onNext(List.of(bytes("k")));
        body.onNext(List.of(bytes("more"))); // after the cancel: ignored
        body.onComplete();
        assertThat(s.cancelled).isTrue();
        assertThatThrownBy(() -> body.getBody().toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(HttpBodies.tooLarge(e)).isTrue());
    }

    @Test
    void aTransportErrorFailsTheBody() {
        HttpResponse.BodySubscriber<byte[]> body = subscriber(10, new Subscription());
        body.onNext(List.of(bytes("abc")));
        body.onError(new IOException("connection reset"));
        assertThatThrownBy(() -> body.getBody().toCompletableFuture().get())
                .hasCauseInstanceOf(IOException.class)
                .satisfies(e -> assertThat(HttpBodies.tooLarge(e)).isFalse());
        assertThatThrownBy(() -> HttpBodies.bounded(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
