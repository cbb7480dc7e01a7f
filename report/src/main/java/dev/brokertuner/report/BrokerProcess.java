package dev.brokertuner.report;

/**
 * The broker's JVM as seen in {@code <procfs>/PID/}: who runs it and its limits.
 *
 * @param pid             process id
 * @param user            owner (name when resolvable, else uid)
 * @param heapMaxBytes    {@code -Xmx}, null when not on the command line
 * @param openFilesLimit  soft {@code Max open files} from {@code limits}, null when unreadable
 * @param openFiles       entries in {@code fd/}, null when not permitted
 * @param mapCount        lines in {@code maps}, null when not permitted
 * @param swapBytes       {@code VmSwap} of {@code status}: the JVM's memory swapped out now, null when not read
 */
public record BrokerProcess(long pid, String user, Long heapMaxBytes, Long openFilesLimit, Long openFiles,
                            Long mapCount, Long swapBytes) {
    /** The process facts without swap use (unknown): keeps older call sites compiling. */
    public BrokerProcess(long pid, String user, Long heapMaxBytes, Long openFilesLimit, Long openFiles,
                         Long mapCount) {
        this(pid, user, heapMaxBytes, openFilesLimit, openFiles, mapCount, null);
    }
}
