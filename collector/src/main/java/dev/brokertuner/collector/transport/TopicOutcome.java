package dev.brokertuner.collector.transport;

import java.util.List;

/** What {@link ReportsTopic#ensure} found or did. */
public sealed interface TopicOutcome permits TopicOutcome.Created, TopicOutcome.Exists, TopicOutcome.Failed {
    /** The topic did not exist and was created with the spec's settings. */
    record Created(TopicSpec spec) implements TopicOutcome {
    }

    /**
     * The topic existed; nothing was changed.
     *
     * @param differences each setting that differs from the spec, as {@code name: found X, wanted Y}; empty when it
     *                    matches
     */
    record Exists(List<String> differences) implements TopicOutcome {
        public Exists {
            differences = List.copyOf(differences);
        }
    }

    /** The cluster could not be reached or refused the creation; {@code reason} says which and why. */
    record Failed(String reason) implements TopicOutcome {
    }
}
