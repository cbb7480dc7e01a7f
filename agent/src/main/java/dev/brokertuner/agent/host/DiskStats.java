package dev.brokertuner.agent.host;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code /proc/diskstats} (14, 18 or 20 fields depending on the kernel; the kernel's
 * {@code Documentation/admin-guide/iostats.rst} names them): per device the reads and writes completed, the sectors
 * read and written, the milliseconds spent reading and writing, the milliseconds the device had I/O in flight
 * (field 13, {@code io_ticks}) and the weighted milliseconds (field 14, {@code time_in_queue}: each millisecond
 * counted once per request in flight). The deltas of these over a window give what {@code iostat -x} prints:
 * IOPS, {@code r_await}/{@code w_await} and the average queue size {@code aqu-sz}.
 */
public final class DiskStats {
    /**
     * Counters of one device, as the kernel prints them (cumulative since boot).
     *
     * @param readsCompleted  field 4
     * @param sectorsRead     field 6 (512-byte sectors whatever the device's block size)
     * @param readMillis      field 7, time spent by all reads
     * @param writesCompleted field 8
     * @param sectorsWritten  field 10
     * @param writeMillis     field 11, time spent by all writes
     * @param busyMillis      field 13, {@code io_ticks}: time with at least one request in flight
     * @param weightedMillis  field 14, {@code time_in_queue}
     */
    public record Counters(long readsCompleted, long sectorsRead, long readMillis, long writesCompleted,
                           long sectorsWritten, long writeMillis, long busyMillis, long weightedMillis) {
        /** Byte counters and busy time only (the others zero). */
        public Counters(long sectorsRead, long sectorsWritten, long busyMillis) {
            this(0, sectorsRead, 0, 0, sectorsWritten, 0, busyMillis, 0);
        }

        /** True when no counter is below its value in {@code before} (a device re-created or a wrap goes back). */
        public boolean notBefore(Counters before) {
            return readsCompleted >= before.readsCompleted && sectorsRead >= before.sectorsRead
                    && readMillis >= before.readMillis && writesCompleted >= before.writesCompleted
                    && sectorsWritten >= before.sectorsWritten && writeMillis >= before.writeMillis
                    && busyMillis >= before.busyMillis && weightedMillis >= before.weightedMillis;
        }
    }

    private DiskStats() {
    }

    /** Counters by device name; malformed lines are skipped. */
    public static Map<String, Counters> parse(String text) {
        Map<String, Counters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 14) {
                continue;
            }
            try {
                out.put(f[2], new Counters(Long.parseLong(f[3]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                        Long.parseLong(f[7]), Long.parseLong(f[9]), Long.parseLong(f[10]), Long.parseLong(f[12]),
                        Long.parseLong(f[13])));
            } catch (NumberFormatException e) {
                // not a counters line
            }
        }
        return out;
    }
}
