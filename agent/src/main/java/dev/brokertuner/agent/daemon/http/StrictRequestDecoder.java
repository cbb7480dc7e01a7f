package dev.brokertuner.agent.daemon.http;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;

/**
 * Vert.x's HTTP/1.x request decoder, except that a request carrying both {@code Content-Length} and
 * {@code Transfer-Encoding: chunked} fails to decode (Vert.x then answers 400 and closes the connection) instead of
 * Netty's default of silently dropping {@code Content-Length}: two framings in one request is how requests are
 * smuggled past a proxy that reads the other one. Installed per connection from the server's connection handler,
 * which Vert.x calls while it builds the pipeline, before any byte is read. This reaches into Vert.x's
 * {@code impl} package (there is no public hook for decoder strictness); {@code AgentHttpHardeningTest} fails if a
 * Vert.x upgrade moves it.
 */
public final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    private static final String DECODER = "httpDecoder";

    public StrictRequestDecoder(HttpServerOptions options) {
        super(options);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding: chunked");
    }

    /** Replaces the connection's decoder with this one; true when it did (an HTTP/1.x connection). */
    public static boolean install(HttpConnection connection, HttpServerOptions options) {
        if (!(connection instanceof HttpServerConnection c)) {
            return false;
        }
        ChannelPipeline pipeline = c.channelHandlerContext().pipeline();
        if (pipeline.get(DECODER) == null) {
            return false;
        }
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
        return true;
    }
}
