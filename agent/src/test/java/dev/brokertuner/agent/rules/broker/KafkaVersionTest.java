package dev.brokertuner.agent.rules.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaVersionTest {
    @Test
    void apacheVersions() {
        assertThat(KafkaVersion.parse("4.3.1")).contains(new KafkaVersion(4, 3));
        assertThat(KafkaVersion.parse("3.9.0-SNAPSHOT")).contains(new KafkaVersion(3, 9));
        assertThat(KafkaVersion.parse("4.2")).contains(new KafkaVersion(4, 2));
    }

    @Test
    void confluentVersionsMapToTheKafkaTheyShip() {
        assertThat(KafkaVersion.parse("7.6.0-ccs")).contains(new KafkaVersion(3, 6));
        assertThat(KafkaVersion.parse("8.2.0-ce")).contains(new KafkaVersion(4, 2));
        assertThat(KafkaVersion.parse("6.2.1-ccs")).contains(new KafkaVersion(2, 8));
        assertThat(KafkaVersion.parse("9.0.0-ccs")).isEmpty();
    }

    @Test
    void garbageIsUnknown() {
        assertThat(KafkaVersion.parse(null)).isEmpty();
        assertThat(KafkaVersion.parse("unknown")).isEmpty();
    }

    @Test
    void ordering() {
        assertThat(new KafkaVersion(4, 1).atLeast(4, 2)).isFalse();
        assertThat(new KafkaVersion(4, 2).atLeast(4, 2)).isTrue();
        assertThat(new KafkaVersion(10, 0).atLeast(4, 2)).isTrue();
        assertThat(new KafkaVersion(3, 10).atLeast(3, 9)).isTrue();
    }
}
