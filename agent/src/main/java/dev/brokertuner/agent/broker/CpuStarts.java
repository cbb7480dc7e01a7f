package dev.brokertuner.agent.broker;

/**
 * Which start the broker's CPU window takes: the one read at this window's start, or the previous gathering's end
 * carried over. The JMX window (handler and network idle, request rates) starts at the previous gathering's end read
 * from the second gathering on ({@code BrokerMetrics.windowSeconds}, about the interval), and {@code
 * broker.threads.io} and the CPU headroom checks compare those ratios with the CPU use: both must cover the same span.
 * So the carried start is taken when it measures the same process, CPUs and cgroup and its age matches the JMX
 * window's span (within 2 s or 10 %, the time between the JMX end read and the CPU end read); otherwise, and whenever
 * the JMX window was not carried, the CPU window is the sample window as before.
 */
final class CpuStarts {
    /** The most the carried start's age may differ from the JMX window: the reads between the two ends. */
    static final double TOLERANCE_SECONDS = 2.0;

    private CpuStarts() {
    }

    /**
     * @param fresh         read at this window's start (null when not read)
     * @param carried       the previous gathering's end ({@link CpuWindow.Start#following}), null when none
     * @param jmxSeconds    the JMX window's span, null when unknown
     * @param sampleSeconds the sample window asked for
     * @param nowNanos      now, from the clock both starts used
     */
    static CpuWindow.Start pick(CpuWindow.Start fresh, CpuWindow.Start carried, Double jmxSeconds,
                                int sampleSeconds, long nowNanos) {
        if (fresh == null || carried == null || jmxSeconds == null || !fresh.sameTarget(carried)) {
            return fresh;
        }
        // a JMX window no longer than the sample window was read within this gathering: not carried
        if (jmxSeconds <= sampleSeconds + TOLERANCE_SECONDS) {
            return fresh;
        }
        double age = carried.elapsedSeconds(nowNanos);
        double slack = Math.max(TOLERANCE_SECONDS, 0.1 * jmxSeconds);
        return Math.abs(age - jmxSeconds) <= slack ? carried : fresh;
    }
}
