package dev.brokertuner.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensTest {
    @Test
    void namesTheSenderOfAKnownTokenOnly() {
        List<String> problems = new ArrayList<>();
        Tokens t = Tokens.parse("team-a aaaaaaaaaaaaaaaaaaaa\n\n# ops\nops-eu bbbbbbbbbbbbbbbbbbbbbbbb\n", "f", problems);
        assertThat(problems).isEmpty();
        assertThat(t.senderOf("bbbbbbbbbbbbbbbbbbbbbbbb")).contains("ops-eu");
        assertThat(t.senderOf("aaaaaaaaaaaaaaaaaaaa")).contains("team-a");
        assertThat(t.senderOf("aaaaaaaaaaaaaaaaaaa")).isEmpty();
        assertThat(t.senderOf("")).isEmpty();
        assertThat(t.senderOf(null)).isEmpty();
        assertThat(t.toString()).isEqualTo("Tokens[team-a, ops-eu]");
    }

    @Test
    void anEmptyFileIsAProblem() {
        List<String> problems = new ArrayList<>();
        Tokens.parse("# nothing\n", "tokensFile x", problems);
        assertThat(problems).singleElement().asString().contains("no tokens");
    }
}
