package dev.brokertuner.collector.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;

/**
 * A receiver that posts one JSON document per notification to one incoming-webhook URL (Slack, Teams): the name, the
 * URL and the HTTP mapping ({@link JsonPost}) are here; a subclass says its type and renders the document.
 */
abstract class PostedJsonReceiver implements Receiver {
    private final String name;
    private final URI url;
    private final JsonPost post;

    PostedJsonReceiver(String name, URI url, JsonPost post) {
        this.name = name;
        this.url = url;
        this.post = post;
    }

    /** The document posted for {@code n}. */
    abstract ObjectNode body(Notification n);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final DeliveryResult deliver(Notification n) throws InterruptedException {
        return post.post(url, body(n), Map.of());
    }
}
