package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SegmentTail#indexPosition} (the search galloping back from the last entry in use) picks the same entry as a
 * plain scan of the index: the first in use at or after {@code size - budget}, else the last in use, for every
 * count of entries in use and budgets from under one interval to over the whole segment.
 */
class IndexPositionTest {
    @TempDir
    Path dir;

    @Test
    void agreesWithAScanOfTheIndex() throws Exception {
        int interval = 4096;
        for (int used : new int[] {1, 2, 3, 5, 8, 17, 100, 1000}) {
            // a preallocated active index: entries in use, then zero fill
            ByteBuffer b = ByteBuffer.allocate((used + 500) * 8);
            long[] positions = new long[used];
            for (int i = 0; i < used; i++) {
                positions[i] = (long) (i + 1) * interval + (i % 3) * 61;
                b.putInt(i * 8, i * 10).putInt(i * 8 + 4, (int) positions[i]);
            }
            Path index = dir.resolve(used + ".index");
            Files.write(index, b.array());
            long size = positions[used - 1] + interval / 2;
            for (int budget : new int[] {61, 4096, 5000, 10_000, 65_536, 1 << 20, Integer.MAX_VALUE}) {
                long target = Math.max(0, size - budget);
                long expected = positions[used - 1];
                for (long p : positions) {
                    if (p >= target) {
                        expected = p;
                        break;
                    }
                }
                assertThat(SegmentTail.indexPosition(index, size, budget)).as("%d entries, budget %d", used, budget)
                        .isEqualTo(expected);
                // a count of entries in use from an earlier search (below, at, past the real one, past the file)
                // bounds the search without changing the answer
                for (long hint : new long[] {1, used / 2, used - 1, used, used + 1, used + 499, used + 10_000}) {
                    assertThat(SegmentTail.indexSeek(index, size, budget, hint))
                            .as("%d entries, budget %d, hint %d", used, budget, hint)
                            .isEqualTo(new SegmentTail.Seek(expected, used));
                }
            }
        }
    }
}
