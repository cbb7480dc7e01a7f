package dev.brokertuner.collector.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {
    private final OutlierDetector detector = new OutlierDetector();

    private static Map<String, Map<String, String>> hosts(int n, String key, String value) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            m.put(String.format("kafka-b%02d", i), new LinkedHashMap<>(Map.of(key, value)));
        }
        return m;
    }

    @Test
    void namesTheOnlyBrokerOnRelatime() {
        var h = hosts(7, "dataDirAtime", "noatime");
        h.get("kafka-b07").put("dataDirAtime", "relatime");
        List<Outlier> found = detector.detect(h);
        assertThat(found).hasSize(1);
        Outlier o = found.get(0);
        assertThat(o.majority()).isEqualTo("noatime");
        assertThat(o.majorityCount()).isEqualTo(6);
        assertThat(o.differing()).containsExactly(new Outlier.Deviation("kafka-b07", "relatime"));
        assertThat(o.summary()).isEqualTo(
                "kafka-b07 is the only broker with data-dir atime mode relatime (the other 6 have noatime)");
    }

    @Test
    void findsTheTenGigNicAmongTwentyFiveGigPeersAndListsSeveral() {
        var h = hosts(5, "nicSpeed", "25 Gb/s");
        h.get("kafka-b02").put("nicSpeed", "10 Gb/s");
        h.get("kafka-b04").put("nicSpeed", "10 Gb/s");
        Outlier o = detector.detect(h).get(0);
        assertThat(o.majority()).isEqualTo("25 Gb/s");
        assertThat(o.differing()).extracting(Outlier.Deviation::hostname).containsExactly("kafka-b02", "kafka-b04");
        assertThat(o.summary()).isEqualTo("2 of 5 brokers differ from the majority's NIC speed 25 Gb/s: "
                + "kafka-b02 (10 Gb/s), kafka-b04 (10 Gb/s)");
    }

    @Test
    void saysSoWhenNoValueHasAMajority() {
        var h = hosts(4, "kafkaVersion", "4.3.1");
        h.get("kafka-b01").put("kafkaVersion", "3.9.0");
        h.get("kafka-b02").put("kafkaVersion", "4.0.0");
        Outlier o = detector.detect(h).get(0);
        assertThat(o.majority()).isNull();
        assertThat(o.differing()).hasSize(4);
        assertThat(o.summary()).startsWith("no common Kafka version among 4 brokers");
    }

    @Test
    void staysQuietWhenAllAgreeOrTooFewKnow() {
        assertThat(detector.detect(hosts(6, "swappiness", "1"))).isEmpty();
        var two = hosts(2, "swappiness", "1");
        two.get("kafka-b02").put("swappiness", "60");
        assertThat(detector.detect(two)).as("two brokers cannot outvote each other").isEmpty();
        var unknown = hosts(3, "swappiness", "1");
        unknown.get("kafka-b03").clear();
        unknown.get("kafka-b02").put("swappiness", "60");
        assertThat(detector.detect(unknown)).as("an unknown value is no vote").isEmpty();
    }

    @Test
    void reportsSettingsInAttributeOrder() {
        var h = hosts(3, "kafkaVersion", "4.3.1");
        h.values().forEach(m -> m.put("swappiness", "1"));
        h.get("kafka-b01").put("kafkaVersion", "4.2.0");
        h.get("kafka-b03").put("swappiness", "60");
        assertThat(detector.detect(h)).extracting(Outlier::attribute).containsExactly("swappiness", "kafkaVersion");
    }

    @Test
    void theFastCountAgreesWithDetect() {
        var h = hosts(6, "nicSpeed", "25 Gb/s");
        h.values().forEach(m -> m.put("swappiness", "1"));
        h.get("kafka-b02").put("nicSpeed", "10 Gb/s");
        h.get("kafka-b05").put("swappiness", "60");
        h.get("kafka-b06").put("kafkaVersion", "4.3.1");
        assertThat(detector.count(h.values())).isEqualTo(detector.detect(h).size()).isEqualTo(2);
        assertThat(detector.count(hosts(2, "nicSpeed", "x").values())).isZero();
    }
}
