package dev.brokertuner.agent.broker;

/**
 * What one bootstrap endpoint answered to a Kafka ApiVersions request ({@link KafkaProbe}).
 */
public sealed interface ProbeResult permits ProbeResult.Kafka, ProbeResult.NotKafka, ProbeResult.NoConnection {
    /** The endpoint, {@code host:port}. */
    String endpoint();

    /** It answered with a well-framed ApiVersions response: safe to hand to AdminClient. */
    record Kafka(String endpoint) implements ProbeResult {
    }

    /**
     * It accepted the connection but did not answer as Kafka: handing it to AdminClient could make the client read
     * a huge "size" out of foreign bytes.
     *
     * @param kind   what it looked like
     * @param reason a sentence for the broker's reason, sanitized and bounded
     */
    record NotKafka(String endpoint, Kind kind, String reason) implements ProbeResult {
    }

    /** No TCP connection (refused, unresolvable, connect timeout): AdminClient says the same, and reads nothing. */
    record NoConnection(String endpoint, String reason) implements ProbeResult {
    }

    /** How an endpoint that is not Kafka answered. */
    enum Kind {
        /** A TLS record (alert or handshake) answered a plaintext request: the listener wants SSL. */
        TLS,
        /** A TLS handshake did not complete although the client settings say SSL: the listener is likely plaintext. */
        NOT_TLS,
        /** An HTTP status line. */
        HTTP,
        /** Bytes that are none of the above. */
        OTHER_BYTES,
        /** The connection was closed without an answer. */
        CLOSED,
        /** Nothing arrived within the read timeout. */
        TIMEOUT
    }
}
