package dev.brokertuner.collector.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URLs shown in problems lose their user, password, query and fragment, valid URLs or not. */
class ShownUrlTest {
    @Test
    void userInfoAndQueryAreReplaced() {
        assertThat(ShownUrl.of("https://u:p@am.example:9093/api?token=s3cret&x=1#f"))
                .isEqualTo("https://***@am.example:9093/api?***");
        assertThat(ShownUrl.of("http://u@h/p")).isEqualTo("http://***@h/p");
        assertThat(ShownUrl.of("jdbc:postgresql://db:5432/fleet?user=a&password=b"))
                .isEqualTo("jdbc:postgresql://db:5432/fleet?***");
    }

    @Test
    void anInvalidUrlIsRedactedToo() {
        assertThat(ShownUrl.of("https://us er:p w@h ost/x?k=v v")).isEqualTo("https://***@h ost/x?***");
        assertThat(ShownUrl.of("user:pw@host")).isEqualTo("***@host");
    }

    @Test
    void aPlainUrlIsShownAsItIs() {
        assertThat(ShownUrl.of("https://alertmanager.example:9093/")).isEqualTo("https://alertmanager.example:9093/");
        assertThat(ShownUrl.of("https://h.example/a@b")).isEqualTo("https://h.example/a@b");
    }
}
