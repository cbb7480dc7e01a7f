package dev.brokertuner.collector.http;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which token registered each host, in memory (loaded from the store at start; the store records each new owner in
 * the transaction that stores the host's first report). A host is claimed by the first token whose report for it
 * is accepted; claims are atomic, so two tokens racing for a new hostname cannot both win. Thread-safe.
 */
public final class HostOwners {
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    public HostOwners(Map<String, String> loaded) {
        owners.putAll(loaded);
    }

    /** The owner of {@code hostname}, claiming it for {@code sender} when it has none. */
    public String claim(String hostname, String sender) {
        String before = owners.putIfAbsent(hostname, sender);
        return before == null ? sender : before;
    }

    /**
     * Records the owner the shared store holds (another collector registered the host): the store decides, so
     * it replaces a claim this collector made in the moment before it learned of the other's.
     */
    public void learn(String hostname, String owner) {
        owners.put(hostname, owner);
    }

    /** The owner, empty when the host is new. */
    public Optional<String> owner(String hostname) {
        return Optional.ofNullable(owners.get(hostname));
    }
}
