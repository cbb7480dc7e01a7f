package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The probe's verdict on bytes alone: what counts as a Kafka answer and how the rest is quoted. */
class KafkaProbeClassifyTest {
    static ProbeResult classify(byte[] bytes) {
        return KafkaProbe.classify("h:1", "h:1", new KafkaProbe.Head(bytes, false), false);
    }

    static byte[] response(int size, int correlation) {
        return ByteBuffer.allocate(10).putInt(size).putInt(correlation).putShort((short) 0).array();
    }

    @Test
    void onlyAWellFramedAnswerToOurCorrelationIdIsKafka() {
        assertThat(classify(response(300, KafkaProbe.CORRELATION_ID))).isInstanceOf(ProbeResult.Kafka.class);
        assertThat(classify(response(300, 7))).isInstanceOfSatisfying(ProbeResult.NotKafka.class,
                n -> assertThat(n.kind()).isEqualTo(ProbeResult.Kind.OTHER_BYTES));
        assertThat(classify(response(KafkaProbe.MAX_API_VERSIONS_BYTES + 1, KafkaProbe.CORRELATION_ID)))
                .isInstanceOf(ProbeResult.NotKafka.class);
        assertThat(classify(new byte[] {0, 0, 1})).isInstanceOf(ProbeResult.NotKafka.class);
    }

    @Test
    void textIsQuotedPrintableAndCutAndControlCharactersNeverPassThrough() {
        byte[] ssh = "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(((ProbeResult.NotKafka) classify(ssh)).reason())
                .endsWith("(answered 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13...')");
        byte[] hostile = "HTTP/1.1 200 \u001b[31mOK\u0007 ".repeat(10).getBytes(StandardCharsets.ISO_8859_1);
        String reason = ((ProbeResult.NotKafka) classify(hostile)).reason();
        assertThat(reason).doesNotContain("\u001b").doesNotContain("\u0007").contains("'HTTP/1.1 200 ?[31mOK?");
        assertThat(reason.length()).isLessThan(160);
    }

    @Test
    void theRequestIsApiVersionsV0WithItsOwnSize() {
        ByteBuffer b = ByteBuffer.wrap(KafkaProbe.apiVersionsRequest());
        assertThat(b.getInt()).isEqualTo(b.remaining());
        assertThat(b.getShort()).isEqualTo((short) 18);
        assertThat(b.getShort()).isZero();
        assertThat(b.getInt()).isEqualTo(KafkaProbe.CORRELATION_ID);
        byte[] client = new byte[b.getShort()];
        b.get(client);
        assertThat(new String(client, StandardCharsets.UTF_8)).isEqualTo("broker-tuner-probe");
        assertThat(b.hasRemaining()).isFalse();
    }
}
