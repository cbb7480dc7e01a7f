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

    @Test
    void onlyARoleOperatorTokenIsAnOperator() {
        List<String> problems = new ArrayList<>();
        Tokens t = Tokens.parse("""
                agents aaaaaaaaaaaaaaaaaaaa
                oncall bbbbbbbbbbbbbbbbbbbbbbbb role=operator
                relay cccccccccccccccccccccccc role=operator writes=*
                """, "f", problems);
        assertThat(problems).isEmpty();
        assertThat(t.senderOf("aaaaaaaaaaaaaaaaaaaa")).contains("agents");
        assertThat(t.operatorOf("aaaaaaaaaaaaaaaaaaaa")).isEmpty();
        assertThat(t.operatorOf("bbbbbbbbbbbbbbbbbbbbbbbb")).contains("oncall");
        assertThat(t.operatorOf("cccccccccccccccccccccccc")).contains("relay");
        assertThat(t.mayWriteFor("relay", "agents")).isTrue();
        assertThat(t.mayWriteFor("oncall", "agents")).isFalse();
        assertThat(t.operatorOf("not-a-token-at-all-here")).isEmpty();
        assertThat(t.operatorOf(null)).isEmpty();
    }

    @Test
    void aBadRoleOrARepeatedOptionIsAProblemThatShowsNoToken() {
        List<String> problems = new ArrayList<>();
        Tokens.parse("""
                a aaaaaaaaaaaaaaaaaaaa role=admin
                b bbbbbbbbbbbbbbbbbbbbbbbb role=operator role=operator
                c cccccccccccccccccccccccc dddddddddddddddddddddd
                """, "f", problems);
        assertThat(problems).containsExactly(
                "f line 1: role= must be 'operator' (a token without role= sends reports only)",
                "f line 2: role= is given twice",
                "f line 3: expected 'NAME TOKEN' optionally followed by writes=*|NAME,... and role=operator; field 3 "
                        + "is neither");
        assertThat(String.join("\n", problems)).doesNotContain("aaaa", "bbbb", "cccc", "dddd");
    }
}
