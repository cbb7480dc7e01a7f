package dev.brokertuner.agent.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** diskstats and net/dev parsing. */
class CountersTest {
    @Test
    void diskstatsWith14And18And20Fields() {
        String text = "   8       0 sda 25354637 34367663 1003346126 18483523 28109584 64711694 3000452512 0 0 "
                + "1234 43456 0\n"
                + "   8      16 sdb 10 0 200 5 20 0 400 7 0 30 12 0 0 0 0\n"
                + "   8      32 sdc 10 0 300 5 20 0 500 7 0 40 12 0 0 0 0 0 0\n"
                + "   7       0 loop0 1 2 3\n";
        var stats = DiskStats.parse(text);
        assertThat(stats.get("sda")).isEqualTo(new DiskStats.Counters(25354637L, 1003346126L, 18483523L, 28109584L,
                3000452512L, 0L, 1234L, 43456L));
        assertThat(stats.get("sdb")).isEqualTo(new DiskStats.Counters(10, 200, 5, 20, 400, 7, 30, 12));
        assertThat(stats.get("sdc")).isEqualTo(new DiskStats.Counters(10, 300, 5, 20, 500, 7, 40, 12));
        assertThat(stats).doesNotContainKey("loop0");
    }

    @Test
    void netDevSkipsHeaders() {
        String text = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                  eth0: 68210035552 520993275    0    0    0     0          0         0 9315587528 43451486    0    0    0     0       0          0
                    lo:  1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0""";
        var dev = NetDev.parse(text);
        assertThat(dev).containsOnlyKeys("eth0", "lo");
        assertThat(dev.get("eth0")).isEqualTo(new NetDev.Counters(68210035552L, 9315587528L, 520993275L, 0, 43451486L,
                0));
    }
}
