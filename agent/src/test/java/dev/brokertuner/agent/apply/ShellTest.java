package dev.brokertuner.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quoting round-trips through a real bash: each hostile value comes back as exactly one argument, unchanged. */
class ShellTest {
    static final List<String> HOSTILE = List.of("/host/kafka$(touch x)", "$(id>q)", "md9;id", "a\nid>q", "`id`",
            "it's", "'", "\"", "-rf", "=x", "a b", "*", "~root", "x\\", "!!", "", "a\u2028b", "#c", "&&", "|");

    @Test
    void safeWordsStayBare() {
        assertThat(Shell.quote("/var/lib/kafka/data")).isEqualTo("/var/lib/kafka/data");
        assertThat(Shell.quote("eth0")).isEqualTo("eth0");
        assertThat(Shell.quote("net.core.rmem_max=2097152")).isEqualTo("net.core.rmem_max=2097152");
    }

    @Test
    void everyHostileValueIsOneUnchangedArgument(@TempDir Path dir) throws Exception {
        StringBuilder script = new StringBuilder("cd ").append(Shell.quote(dir.toString())).append('\n');
        for (String v : HOSTILE) {
            script.append(Cmd.of("printf", "%s\\0", v).appendTo("out").line()).append('\n');
        }
        Files.writeString(dir.resolve("plan.sh"), script);
        run(dir, "bash", "-n", "plan.sh");
        run(dir, "bash", "plan.sh");
        String out = Files.readString(dir.resolve("out"), StandardCharsets.UTF_8);
        assertThat(out.split("\0", -1)).containsExactlyElementsOf(
                java.util.stream.Stream.concat(HOSTILE.stream(), java.util.stream.Stream.of("")).toList());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("plan.sh", "out");
        }
    }

    @Test
    void commentsCannotEndTheLine(@TempDir Path dir) throws Exception {
        String line = Cmd.of("true").comment("mount /data\ntouch pwned\r\u2028x\u001b[2J").line();
        assertThat(line).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\u001b");
        Files.writeString(dir.resolve("plan.sh"), Shell.comment("host a\ntouch pwned") + "\n" + line + "\n");
        run(dir, "bash", "plan.sh");
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void operatorsOnlyFromTheBuilder() {
        assertThat(Cmd.of("echo", "idle").to("/sys/block/md9;id/md/sync_action").line())
                .isEqualTo("echo idle > '/sys/block/md9;id/md/sync_action'");
        assertThat(Cmd.of("mkdir", "-p", "/x y").and(Cmd.of("mount", "/x y")).line())
                .isEqualTo("mkdir -p '/x y' && mount '/x y'");
    }

    @Test
    void orRunsTheFallbackOnlyWhenTheFirstFails(@TempDir Path dir) throws Exception {
        String line = "x y\n$(id>q)";
        String add = Cmd.of("grep", "-qxF", line, "f").or(Cmd.of("printf", "%s\\n", line).appendTo("f"))
                .comment("once").line();
        assertThat(add).isEqualTo("grep -qxF 'x y\n$(id>q)' f || printf '%s\\n' 'x y\n$(id>q)' >> f   # once");
        Files.writeString(dir.resolve("plan.sh"), add + "\n" + add + "\n");
        Files.writeString(dir.resolve("f"), "");
        run(dir, "bash", "plan.sh");
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo(line + "\n");
        assertThat(dir.resolve("q")).doesNotExist();
    }

    @Test
    void sysPathsRefuseNamesThatAreNotKernelNames() {
        assertThat(SysPaths.mdSyncAction("md127")).isEqualTo("/sys/block/md127/md/sync_action");
        assertThat(SysPaths.dev("md_a!b")).isEqualTo("/dev/md_a!b");
        for (String bad : List.of("md9;id", "../../etc", "md0/../x", "md0\nid", "")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SysPaths.mdSyncSpeedMax(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("\n");
        }
    }

    @Test
    void kernelNames() {
        assertThat(KernelNames.isInterfaceName("eth0")).isTrue();
        assertThat(KernelNames.isInterfaceName("$(id>q)")).isTrue();
        assertThat(KernelNames.isInterfaceName("a b")).isFalse();
        assertThat(KernelNames.isInterfaceName("a/b")).isFalse();
        assertThat(KernelNames.isInterfaceName("a\nb")).isFalse();
        assertThat(KernelNames.isInterfaceName("0123456789abcdef")).isFalse();
        assertThat(KernelNames.isBlockDeviceName("nvme0n1p2")).isTrue();
        assertThat(KernelNames.isBlockDeviceName("cciss!c0d0")).isTrue();
        assertThat(KernelNames.isBlockDeviceName("md9;id")).isFalse();
        assertThat(KernelNames.isBlockDeviceName("..")).isFalse();
        assertThat(KernelNames.isBlockDeviceName("-rf")).isFalse();
        assertThat(KernelNames.isInterfaceName("-s")).as("the kernel allows it").isTrue();
        assertThat(KernelNames.isOperand("-s")).isFalse();
        assertThat(KernelNames.isOperand("eth0")).isTrue();
    }

    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
    }
}
