package dev.brokertuner.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcFilesTest {
    static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max file size             unlimited            unlimited            bytes
            Max processes             127573               127573               processes
            Max open files            100000               1048576              files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void softOpenFilesLimit() {
        assertThat(ProcFiles.maxOpenFiles(LIMITS)).hasValue(100000);
        assertThat(ProcFiles.maxOpenFiles(LIMITS.replace("100000 ", "unlimited"))).hasValue(Long.MAX_VALUE);
        assertThat(ProcFiles.maxOpenFiles("Limit Soft Hard\n")).isEmpty();
        assertThat(ProcFiles.maxOpenFiles("Max open files  lots  lots  files\n")).isEmpty();
    }

    @Test
    void realUidFromStatus() {
        String status = """
                Name:\tjava
                Umask:\t0022
                State:\tS (sleeping)
                Tgid:\t4242
                Pid:\t4242
                Uid:\t995\t995\t995\t995
                Gid:\t992\t992\t992\t992
                """;
        assertThat(ProcFiles.uid(status)).hasValue(995);
        assertThat(ProcFiles.uid("Name:\tjava\n")).isEmpty();
    }

    @Test
    void userNameFromPasswd() {
        String passwd = """
                root:x:0:0:root:/root:/bin/bash
                # comment:x:995
                kafka:x:995:992:Apache Kafka:/var/lib/kafka:/usr/sbin/nologin
                """;
        assertThat(ProcFiles.userName(passwd, 995)).hasValue("kafka");
        assertThat(ProcFiles.userName(passwd, 0)).hasValue("root");
        assertThat(ProcFiles.userName(passwd, 1234)).isEmpty();
    }

    @Test
    void mapLinesCounted() {
        String maps = """
                00400000-00401000 r-xp 00000000 fd:01 1234 /usr/lib/jvm/bin/java
                7f0000000000-7f0000021000 rw-p 00000000 00:00 0
                7f1000000000-7f1000010000 rw-s 00000000 fd:10 99 /data/kafka/t-0/00000000000000000000.index
                """;
        assertThat(ProcFiles.lineCount(maps)).isEqualTo(3);
        assertThat(ProcFiles.lineCount(maps.strip())).isEqualTo(3);
        assertThat(ProcFiles.lineCount("")).isZero();
    }

    @Test
    void mapLinesCountedInPiecesAsWhole() {
        String maps = "00400000-00401000 r-xp 00000000 fd:01 1234 /usr/lib/jvm/bin/java\n\n"
                + "7f0000000000-7f0000021000 rw-p 00000000 00:00 0\n7f1000000000-7f1000010000 rw-s 0 fd:10 99 /x";
        byte[] bytes = maps.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int piece : new int[] {1, 2, 7, 64, bytes.length}) {
            ProcFiles.LineCounter counter = new ProcFiles.LineCounter();
            for (int at = 0; at < bytes.length; at += piece) {
                byte[] chunk = java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + piece));
                counter.add(chunk, chunk.length);
            }
            assertThat(counter.lines()).as("pieces of %d bytes", piece).isEqualTo(ProcFiles.lineCount(maps))
                    .isEqualTo(3);
        }
        assertThat(new ProcFiles.LineCounter().lines()).isZero();
    }
}
