package dev.brokertuner.collector.alerts;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A receiver's answer body read up to {@link #MAX} bytes: the rest is never read (the subscription is cancelled,
 * which closes the connection), so a receiver answering with megabytes costs the collector no more than 4 KiB.
 * The body is only ever quoted, clipped, in a delivery's reason.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {
    /** Most bytes of an answer read. */
    static final int MAX = 4096;

    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    BoundedBody(int max) {
        this.max = max;
    }

    /** A handler reading at most {@link #MAX} bytes of any answer. */
    static HttpResponse.BodyHandler<String> handler() {
        return info -> new BoundedBody(MAX);
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : buffers) {
            int take = Math.min(b.remaining(), max - bytes.size());
            byte[] chunk = new byte[take];
            b.get(chunk);
            bytes.write(chunk, 0, take);
            if (bytes.size() >= max) {
                subscription.cancel();
                finish();
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        if (!body.isDone()) {
            body.completeExceptionally(t);
        }
    }

    @Override
    public void onComplete() {
        finish();
    }

    private void finish() {
        body.complete(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
}
