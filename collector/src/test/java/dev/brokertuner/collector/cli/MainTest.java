package dev.brokertuner.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: serve is the default subcommand, bad config exits 78 listing every problem. */
class MainTest {
    private static String[] captured(Runnable r) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            r.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void checksAGoodConfigAndServeIsTheDefault(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tokens"), "ops 0123456789abcdef0123\n");
        Path cfg = Files.writeString(dir.resolve("c.yaml"), "dataDir: " + dir.resolve("data") + "\ntokensFile: "
                + dir.resolve("tokens") + "\n");
        int[] rc = new int[1];
        String[] io = captured(() -> rc[0] = Main.run("--config", cfg.toString(), "--check-config"));
        assertThat(rc[0]).isEqualTo(ExitCodes.OK);
        assertThat(io[0]).contains("configuration OK: " + cfg, "1 sender token(s)");
    }

    @Test
    void aBadConfigExits78WithEveryProblem(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("c.yaml"), "listen: x\nretentionDays: -1\ntokensFile: "
                + dir.resolve("missing") + "\n");
        int[] rc = new int[1];
        String[] io = captured(() -> rc[0] = Main.run("serve", "--config", cfg.toString()));
        assertThat(rc[0]).isEqualTo(ExitCodes.CONFIG);
        assertThat(io[1]).contains("has 3 problem(s)", "listen: 'x'", "retentionDays: -1", "tokensFile: cannot read");
    }

    @Test
    void anUnknownFlagIsAUsageError() {
        int[] rc = new int[1];
        String[] io = captured(() -> rc[0] = Main.run("serve", "--no-such-flag"));
        assertThat(rc[0]).isEqualTo(ExitCodes.USAGE);
        assertThat(io[1]).contains("Unknown option");
    }
}
