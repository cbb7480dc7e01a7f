package dev.brokertuner.agent.rules.broker;

import dev.brokertuner.agent.gather.Snapshot;
import dev.brokertuner.agent.rules.Units;

/**
 * How long the per-topic and broker-wide workload rates span, in words for a rationale. From the second gathering
 * on the agent starts their window at the previous gathering's read (issue 15), so they span about the daemon's
 * interval, not only the sample window the request handlers' idle ratio is measured over; on a first gathering, a
 * topic new to the top K or after a reconnect they span the sample window.
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
}
