package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Units;
import dev.brokertuner.report.TopicFacts;
import java.time.Duration;

/**
 * How long the per-topic and broker-wide workload rates span, in words for a rationale. From the second gathering
 * on the agent starts their window at the previous gathering's read (issue 15), so they span about the daemon's
 * interval, not only the sample window the request handlers' idle ratio is measured over; on a first gathering, a
 * topic new to the top K or after a reconnect they span the sample window. The per-topic meters are read every
 * {@code workload.topicMetersSeconds} (90 s by default), not every gathering: in between the report carries a topic's
 * last rates ({@code ratesCarried}), and {@link #of(TopicFacts, Snapshot)} says when they were read, so a rationale
 * that puts them beside this gathering's facts (the batch headers just sampled, the handlers' idle ratio over this
 * window) names both spans instead of passing an older reading for this window's.
 */
public final class MeterWindow {
    private MeterWindow() {
    }

    /**
     * {@code over the 5 s sample window}, {@code over the last 30 s (from the previous gathering's read to the end
     * of this sample window)}, or, without a span, what {@link HandlerIdle#window} says.
     *
     * @param seconds the span reported with the rates ({@code ratesSeconds}, {@code windowSeconds}), null if none
     */
    public static String of(Double seconds, Snapshot snapshot) {
        int sample = snapshot.host().sampleSeconds();
        if (seconds == null || seconds <= 0) {
            return HandlerIdle.window(snapshot);
        }
        if (sample > 0 && seconds <= sample + 1.0) {
            return "over the " + sample + " s sample window";
        }
        return "over the last " + Units.trim(seconds) + " s (from the previous gathering's read to the end of this "
                + (sample > 0 ? sample + " s " : "") + "sample window)";
    }

    /**
     * The span of a topic's per-topic rates in words: when read in this gathering, the sample window or {@code over
     * the last 90 s (from this topic's previous read of its meters to the end of this 5 s sample window)};
     * for carried rates, {@code over 90 s read at 2026-12-01T22:00:00Z, 60 s before this gathering (the per-topic
     * meters are read every workload.topicMetersSeconds, not every gathering; these are the last read's)}.
     */
    public static String of(TopicFacts t, Snapshot snapshot) {
        if (!Boolean.TRUE.equals(t.ratesCarried()) || t.ratesReadAt() == null) {
            int sample = snapshot.host().sampleSeconds();
            Double seconds = t.ratesSeconds();
            if (seconds != null && sample > 0 && seconds > sample + 1.0) {
                // a due read: its window starts at the topic's last read, a period or more back
                return "over the last " + Units.trim(seconds) + " s (from this topic's previous read of its meters "
                        + "to the end of this " + sample + " s sample window)";
            }
            return of(seconds, snapshot);
        }
        String span = t.ratesSeconds() == null || t.ratesSeconds() <= 0 ? "as one-minute rates"
                : "over " + Units.trim(t.ratesSeconds()) + " s";
        String before = snapshot.at() == null ? ""
                : ", " + Units.trim(Math.max(0, Duration.between(t.ratesReadAt(), snapshot.at()).toMillis() / 1000.0))
                + " s before this gathering";
        return span + " read at " + t.ratesReadAt() + before + " (the per-topic meters are read every "
                + "workload.topicMetersSeconds, not every gathering; these are the last read's rates)";
    }
}
