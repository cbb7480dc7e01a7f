package dev.brokertuner.collector.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.http.ReportLimits;
import dev.brokertuner.report.ReportJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming caps on their own, on JSON text: depth, value count, keys, and strict UTF-8. */
class ReportLimitsTest {
    private final ReportJson json = new ReportJson();
    private final ReportLimits limits = new ReportLimits(json.mapper().getFactory());

    @Test
    void aRealisticReportIsWithinEveryCap() throws Exception {
        ReportLimits.Scan scan = limits.scan(json.write(Reports.broker("kafka-a01", 1).relatime().build()));
        assertThat(scan.problems()).isEmpty();
        assertThat(scan.values()).isBetween(50L, 1000L);
    }

    @Test
    void depthValueCountAndKeysAreCapped() {
        String deep = "{\"tags\":" + "[".repeat(40) + "]".repeat(40) + "}";
        assertThat(limits.scan(bytes(deep)).problems()).singleElement().asString().contains("nested deeper than 32");
        StringBuilder many = new StringBuilder("{\"host\":{\"a\":[");
        for (int i = 0; i < 9_000; i++) {
            many.append(i == 0 ? "" : ",").append("[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]");
        }
        many.append("]}}");
        assertThat(limits.scan(bytes(many.toString())).problems()).singleElement().asString()
                .isEqualTo("$: more than 200000 JSON values");
        assertThat(limits.scan(bytes("{\"tags\":{\"a\\u0000b\":\"x\"}}")).problems()).singleElement().asString()
                .isEqualTo("$.tags: a key a NUL character at index 1");
        assertThat(limits.scan(bytes("{\"checks\":[" + "1,".repeat(2000) + "1]}")).problems()).singleElement()
                .asString().isEqualTo("$.checks: more than 2000 entries");
    }

    @Test
    void onlyStrictUtf8Passes() {
        byte[] overlongNul = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'};
        byte[] encodedSurrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        byte[] truncated = {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82};
        for (byte[] b : new byte[][] {overlongNul, encodedSurrogate, truncated}) {
            assertThat(limits.scan(b).problems()).singleElement().asString().startsWith("$: not valid UTF-8");
        }
        assertThat(limits.scan(bytes("{\"a\":\"\u20ac \ud83d\ude00\"}")).problems()).isEmpty();
    }

    @Test
    void charactersAreCheckedWhereverAnEscapeCouldMakeThemAndLengthsAlways() {
        // only a backslash-u escape makes a NUL or a lone surrogate: each is found in a value, a key, deep or late
        String filler = "{\"tags\":{\"x\":\"\u20ac plain\"},\"host\":{\"hostname\":\"h\"},";
        assertThat(limits.scan(bytes(filler + "\"a\":[\"ok\",\"x\\ud800y\"]}")).problems()).singleElement()
                .asString().isEqualTo("$.a: a lone surrogate at index 1");
        assertThat(limits.scan(bytes(filler + "\"a\":{\"k\":\"\\udc00\"}}")).problems()).singleElement()
                .asString().isEqualTo("$.a.k: a lone surrogate at index 0");
        assertThat(limits.scan(bytes(filler + "\"a\":\"ab\\u0000\"}")).problems()).singleElement()
                .asString().isEqualTo("$.a: a NUL character at index 2");
        assertThat(limits.scan(bytes(filler + "\"a\\u0000\":1}")).problems()).singleElement()
                .asString().isEqualTo("$: a key a NUL character at index 1");
        // an escaped backslash before a u is no escape of a character: nothing refused
        assertThat(limits.scan(bytes(filler + "\"a\":\"C:\\\\users\"}")).problems()).isEmpty();
        // a pair written as escapes is one character, not a lone surrogate
        assertThat(limits.scan(bytes(filler + "\"a\":\"\\ud83d\\ude00\"}")).problems()).isEmpty();
        // without any escape the length cap still holds, for values and keys
        String longText = "y".repeat(ReportLimits.MAX_STRING + 1);
        assertThat(limits.scan(bytes(filler + "\"a\":\"" + longText + "\"}")).problems()).singleElement()
                .asString().isEqualTo("$.a: a string longer than 16384 characters");
        assertThat(limits.scan(bytes(filler + "\"" + longText + "\":1}")).problems()).singleElement()
                .asString().isEqualTo("$: a key a string longer than 16384 characters");
        assertThat(limits.scan(bytes(filler + "\"a\":\"" + "y".repeat(ReportLimits.MAX_STRING) + "\"}"))
                .problems()).isEmpty();
    }

    @Test
    void aFindingsEvidenceAndApplyAreCappedButOtherListsAtThatDepthAreNot() {
        String evidence = "{\"findings\":[{\"evidence\":[" + "1,".repeat(ReportLimits.MAX_EVIDENCE) + "1]}]}";
        assertThat(limits.scan(bytes(evidence)).problems()).singleElement().asString()
                .isEqualTo("$.findings[0].evidence: more than 100 entries");
        String apply = "{\"findings\":[{},{\"apply\":[" + "1,".repeat(ReportLimits.MAX_APPLY) + "1]}]}";
        assertThat(limits.scan(bytes(apply)).problems()).singleElement().asString()
                .isEqualTo("$.findings[1].apply: more than 200 entries");
        String elsewhere = "{\"checks\":[{\"evidence\":[" + "1,".repeat(ReportLimits.MAX_EVIDENCE) + "1]}]}";
        assertThat(limits.scan(bytes(elsewhere)).problems()).isEmpty();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
