package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When describeLogDirs is called and when the last read is carried ({@link LogDirsDue}). */
class LogDirsDueTest {
    private static final Duration PERIOD = Duration.ofSeconds(120);
    private static final long S = 1_000_000_000L;
    private static final LogDirsDue.Basis BASIS = new LogDirsDue.Basis(100L, 1_700_000_000_000L, 2000L, 0L,
            List.of("/data/kafka"), Set.of("orders", "clicks"));

    private static LogDirsDue at(long seconds, LogDirsDue.Basis now) {
        return LogDirsDue.decide(new LogDirsDue.Last(10 * S, BASIS), false, now, (10 + seconds) * S, PERIOD);
    }

    @Test
    void theFirstGatheringAndOneAfterAFailedReadRead() {
        assertThat(LogDirsDue.decide(null, false, BASIS, 0, PERIOD))
                .isEqualTo(new LogDirsDue.Read("first read"));
        assertThat(LogDirsDue.decide(null, true, BASIS, 0, PERIOD))
                .isEqualTo(new LogDirsDue.Read("the last read failed"));
    }

    @Test
    void withinThePeriodTheLastReadIsCarriedWithItsAge() {
        assertThat(at(30, BASIS)).isEqualTo(new LogDirsDue.Carry(Duration.ofSeconds(30)));
        assertThat(at(90, BASIS)).isEqualTo(new LogDirsDue.Carry(Duration.ofSeconds(90)));
        assertThat(at(107, BASIS)).isInstanceOf(LogDirsDue.Carry.class);
    }

    @Test
    void onceThePeriodHasPassedLessATenthItIsRead() {
        // at a 30 s interval the 4th gathering after a read comes 120 s later, give or take milliseconds: a
        // gathering a little early must not push the read to the 5th
        assertThat(LogDirsDue.decide(new LogDirsDue.Last(10 * S, BASIS), false, BASIS, 10 * S + 119_990_000_000L,
                PERIOD)).isInstanceOf(LogDirsDue.Read.class);
        assertThat(at(108, BASIS)).isInstanceOf(LogDirsDue.Read.class);
        assertThat(at(500, BASIS)).isEqualTo(new LogDirsDue.Read("last read 500 s ago (period 120 s)"));
    }

    @Test
    void aZeroPeriodReadsEveryGathering() {
        assertThat(LogDirsDue.decide(new LogDirsDue.Last(10 * S, BASIS), false, BASIS, 10 * S, Duration.ZERO))
                .isInstanceOf(LogDirsDue.Read.class);
    }

    @Test
    void aChangeInWhatItDescribesReadsBeforeThePeriodEnds() {
        assertThat(at(30, new LogDirsDue.Basis(101L, BASIS.processStart(), 2000L, 0L, BASIS.dataDirs(),
                BASIS.topics()))).isEqualTo(new LogDirsDue.Read("another broker process (pid 100 -> 101)"));
        assertThat(at(30, new LogDirsDue.Basis(100L, BASIS.processStart() + 5, 2000L, 0L, BASIS.dataDirs(),
                BASIS.topics()))).isEqualTo(new LogDirsDue.Read("the broker's JVM started again"));
        assertThat(at(30, new LogDirsDue.Basis(100L, BASIS.processStart(), 2010L, 0L, BASIS.dataDirs(),
                BASIS.topics()))).isEqualTo(new LogDirsDue.Read("partition count 2000 -> 2010"));
        assertThat(at(30, new LogDirsDue.Basis(100L, BASIS.processStart(), 2000L, 1L, BASIS.dataDirs(),
                BASIS.topics()))).isEqualTo(new LogDirsDue.Read("offline log dirs 0 -> 1"));
        assertThat(at(30, new LogDirsDue.Basis(100L, BASIS.processStart(), 2000L, 0L,
                List.of("/data/kafka", "/data2/kafka"), BASIS.topics())))
                .isEqualTo(new LogDirsDue.Read("data dirs changed"));
        assertThat(at(30, BASIS.withTopics(Set.of("orders", "clicks", "new"))))
                .isEqualTo(new LogDirsDue.Read("topics changed"));
    }

    @Test
    void somethingUnknownNowIsNoChange() {
        // JMX failed this gathering, the properties file was unreadable, listTopics failed: nothing tells a change
        LogDirsDue.Basis unknown = new LogDirsDue.Basis(100L, null, null, null, List.of(), null);
        assertThat(at(30, unknown)).isInstanceOf(LogDirsDue.Carry.class);
        assertThat(at(30, LogDirsDue.Basis.unknown())).isInstanceOf(LogDirsDue.Carry.class);
    }
}
