package dev.brokertuner.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brokertuner.agent.broker.ServerProperties;
import dev.brokertuner.agent.gather.HostPaths;
import dev.brokertuner.agent.host.BoundedRead;
import dev.brokertuner.agent.host.HostFiles;
import dev.brokertuner.agent.host.Read;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the broker's user controls (its server.properties, its /proc entries) cannot hang or flood the agent: a FIFO
 * planted in their place is refused without opening it (an open would block until a writer comes), and a file larger
 * than the bound is refused, never read whole into the agent's small heap.
 */
class HostileFilesTest {
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aFifoInPlaceOfServerPropertiesIsRefusedNotWaitedOn(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("server.properties");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(fifo)).isTrue();
        assertThatThrownBy(() -> ServerProperties.read(fifo)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a regular file");
        Read read = new HostFiles(new HostPaths(dir, dir)).proc("server.properties");
        assertThat(read).isInstanceOf(Read.Failed.class);
        assertThat(read.toString()).contains("not a regular file");
    }

    @Test
    void aFileOverTheBoundIsRefused(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("server.properties");
        Files.write(big, new byte[1024 + 1]);
        assertThatThrownBy(() -> BoundedRead.text(big, 1024)).isInstanceOf(IOException.class)
                .hasMessageContaining("longer than 1024 bytes");
        assertThat(BoundedRead.text(big, 2048)).hasSize(1025);
    }
}
