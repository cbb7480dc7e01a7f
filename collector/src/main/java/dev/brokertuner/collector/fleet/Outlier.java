package dev.brokertuner.collector.fleet;

import java.util.List;

/**
 * One setting on which the brokers of a cluster disagree.
 *
 * @param attribute     {@link Attribute#key()}
 * @param label         how operators name it, e.g. {@code data-dir atime mode}
 * @param majority      the value most brokers share, null when no value has more than half of them
 * @param majorityCount brokers with that value
 * @param known         brokers whose value is known
 * @param differing     every broker whose value is not the majority's (all of them when there is no majority)
 * @param summary       one sentence, e.g. {@code kafka-b07 is the only broker with data-dir atime mode relatime
 *                      (the other 5 have noatime)}
 */
public record Outlier(String attribute, String label, String majority, int majorityCount, int known,
                      List<Deviation> differing, String summary) {
    public Outlier {
        differing = List.copyOf(differing);
    }

    /**
     * A broker off the majority.
     *
     * @param hostname the host
     * @param value    its value
     */
    public record Deviation(String hostname, String value) {
    }
}
