package dev.brokertuner.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.http.HostCheck;
import org.junit.jupiter.api.Test;

/** The Host names the API answers to, for each listen address shape. */
class HostCheckTest {
    @Test
    void loopbackListenAnswersOnlyToLoopbackNames() {
        HostCheck c = new HostCheck("127.0.0.1", () -> 9797);
        assertThat(c.allows("localhost")).isTrue();
        assertThat(c.allows("localhost:9797")).isTrue();
        assertThat(c.allows("127.0.0.1:9797")).isTrue();
        assertThat(c.allows("[::1]:9797")).isTrue();
        assertThat(c.allows("localhost:9798")).isFalse();
        assertThat(c.allows("attacker.example:9797")).isFalse();
        assertThat(c.allows("127.0.0.2")).isFalse();
        assertThat(c.allows("[::1")).isFalse();
        assertThat(c.allows("[::1]x")).isFalse();
        assertThat(c.allows(null)).isFalse();
    }

    @Test
    void aConfiguredNameOrIpv6AddressIsAListenName() {
        HostCheck named = new HostCheck("agent.internal", () -> 80);
        assertThat(named.allows("agent.internal:80")).isTrue();
        assertThat(named.allows("Agent.Internal")).isTrue();
        assertThat(named.allows("10.0.0.5")).isFalse();
        HostCheck v6 = new HostCheck("[fd00::5]", () -> 9797);
        assertThat(v6.allows("[fd00::5]:9797")).isTrue();
        assertThat(v6.allows("[fd00::6]:9797")).isFalse();
    }

    @Test
    void aWildcardListenAlsoAnswersIpLiteralsButNeverAForeignName() {
        HostCheck any = new HostCheck("0.0.0.0", () -> 9797);
        assertThat(any.allows("10.1.2.3:9797")).isTrue();
        assertThat(any.allows("[fe80::1]")).isTrue();
        assertThat(any.allows("rebind.attacker.example:9797")).isFalse();
        assertThat(any.allows("10.1.2.3.nip.io")).isFalse();
    }

    @Test
    void namesTheOperatorAllowsAreAnswered() {
        HostCheck c = new HostCheck("0.0.0.0", java.util.List.of("kafka-01.prod.example", "fd00::7"), () -> 9797);
        assertThat(c.allows("kafka-01.prod.example:9797")).isTrue();
        assertThat(c.allows("[fd00::7]")).isTrue();
        assertThat(c.allows("kafka-02.prod.example:9797")).isFalse();
    }
}
