package dev.brokertuner.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.agent.daemon.push.Outbox;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
    @Test
    void keepsOrderAcrossReopen(@TempDir Path dir) throws Exception {
        Outbox box = Outbox.open(dir, 100, 1 << 20);
        box.append("r1", new byte[] {1});
        box.append("r2", new byte[] {2, 2});
        box.append("r3", new byte[] {3});
        box.remove(box.peek().orElseThrow());

        Outbox again = Outbox.open(dir, 100, 1 << 20);
        assertThat(again.size()).isEqualTo(2);
        assertThat(again.bytes()).isEqualTo(3);
        assertThat(again.peek().orElseThrow().reportId()).isEqualTo("r2");
        assertThat(again.read(again.peek().orElseThrow())).containsExactly(2, 2);
        again.append("r4", new byte[] {4});
        again.remove(again.peek().orElseThrow());
        again.remove(again.peek().orElseThrow());
        assertThat(again.peek().orElseThrow().reportId()).isEqualTo("r4");
    }

    @Test
    void dropsOldestWhenFullByCountOrBytes(@TempDir Path dir) throws Exception {
        Outbox box = Outbox.open(dir, 2, 1 << 20);
        box.append("a", new byte[10]);
        box.append("b", new byte[10]);
        assertThat(box.append("c", new byte[10])).isEqualTo(1);
        assertThat(box.peek().orElseThrow().reportId()).isEqualTo("b");
        assertThat(box.dropped()).isEqualTo(1);

        Outbox bytes = Outbox.open(dir.resolve("b"), 100, 25);
        bytes.append("x", new byte[10]);
        bytes.append("y", new byte[10]);
        assertThat(bytes.append("z", new byte[10])).isEqualTo(1);
        assertThat(bytes.size()).isEqualTo(2);
        assertThat(bytes.bytes()).isEqualTo(20);
    }

    @Test
    void aTornWriteFromAKilledProcessIsDiscarded(@TempDir Path dir) throws Exception {
        Outbox box = Outbox.open(dir, 10, 1 << 20);
        box.append("whole", new byte[] {1});
        Files.write(dir.resolve("00000000000000000002-torn.json.gz.tmp"), new byte[] {9, 9});
        Files.write(dir.resolve("unrelated.txt"), new byte[] {0});

        Outbox again = Outbox.open(dir, 10, 1 << 20);
        assertThat(again.size()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("00000000000000000002-torn.json.gz.tmp"))).isFalse();
        again.append("next", new byte[] {2});
        assertThat(again.peek().orElseThrow().reportId()).isEqualTo("whole");
        assertThat(again.size()).isEqualTo(2);
    }
}
