package dev.brokertuner.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an apply plan for real, as root would paste it, where it can only touch a temp dir: {@code unshare -rm}
 * (a user and mount namespace, private propagation, so no mount leaves it) then {@code chroot} into a root built in
 * the temp dir with the host's {@code /usr} (and {@code /bin}, {@code /lib}: links or read-only binds) and empty
 * {@code /etc}, {@code /sys}, {@code /tmp}. Every absolute path a redirection in the plan names therefore lands in
 * the temp dir. The programs the plan is meant to call are shims first on {@code PATH} that log their argv
 * (count, name, arguments, each NUL-terminated) to {@code /shim.log} and do nothing else; the plain file tools
 * ({@code mkdir}, {@code grep}, {@code sed}) log the same way and then run for real on the sandbox's files, and shell
 * builtins ({@code printf}, {@code echo}) run as they are.
 */
final class PlanSandbox {
    /** One logged invocation of a shim. */
    record Call(String program, List<String> args) {
        List<String> argv() {
            List<String> all = new ArrayList<>();
            all.add(program);
            all.addAll(args);
            return all;
        }
    }

    private static final String SHIM = """
            #!/bin/sh
            { printf '%s\\0' "$#" "${0##*/}"; for a in "$@"; do printf '%s\\0' "$a"; done; } >> /shim.log
            exit 0
            """;

    /** A shim that logs like {@link #SHIM}, then runs the real program (found on PATH without the shims). */
    private static final String PASS_THROUGH = """
            #!/bin/sh
            { printf '%s\\0' "$#" "${0##*/}"; for a in "$@"; do printf '%s\\0' "$a"; done; } >> /shim.log
            exec /usr/bin/env PATH=/usr/local/bin:/usr/bin:/bin "${0##*/}" "$@"
            """;

    private static final String SETUP = """
            set -eu
            R="$1"
            mkdir -p "$R/usr" "$R/dev" "$R/proc"
            mount --bind /usr "$R/usr"
            mount -o remount,bind,ro "$R/usr"
            for d in bin sbin lib lib32 lib64 libx32; do
              if [ -L "/$d" ]; then
                [ -L "$R/$d" ] || ln -s "$(readlink "/$d")" "$R/$d"
              elif [ -d "/$d" ]; then
                mkdir -p "$R/$d"
                mount --bind "/$d" "$R/$d"
                mount -o remount,bind,ro "$R/$d"
              fi
            done
            if [ -f /etc/ld.so.cache ]; then cp /etc/ld.so.cache "$R/etc/ld.so.cache"; fi
            : > "$R/dev/null"
            mount --bind /dev/null "$R/dev/null"
            echo "sandbox ready" >&2
            exec chroot "$R" /usr/bin/env -i PATH=/shims:/usr/local/bin:/usr/bin:/bin HOME=/work LC_ALL=C \\
              /bin/sh -c 'cd /work && exec "$0" /plan.sh' "$2"
            """;

    private final Path root;
    private final Path setup;

    /**
     * @param dir   a temp dir; the sandbox root is {@code dir/root}
     * @param shims the programs to replace with argv loggers
     * @param files sandbox-relative files to create first (e.g. {@code etc/fstab}) with their content
     */
    PlanSandbox(Path dir, List<String> shims, Map<String, String> files) throws IOException {
        this(dir, shims, List.of("mkdir", "grep", "sed"), files);
    }

    /**
     * @param passThrough the programs that log their argv and then run for real
     */
    PlanSandbox(Path dir, List<String> shims, List<String> passThrough, Map<String, String> files)
            throws IOException {
        root = dir.resolve("root");
        for (String d : List.of("etc", "tmp", "work", "shims", "sys/block")) {
            Files.createDirectories(root.resolve(d));
        }
        for (String s : shims) {
            Path shim = root.resolve("shims").resolve(s);
            Files.writeString(shim, SHIM);
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String s : passThrough) {
            Path shim = root.resolve("shims").resolve(s);
            Files.writeString(shim, PASS_THROUGH);
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (var f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        setup = dir.resolve("setup.sh");
        Files.writeString(setup, SETUP);
    }

    Path root() {
        return root;
    }

    /** A file of the sandbox by its path inside it ({@code /etc/fstab}). */
    Path file(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    /** Runs {@code plan} once in the sandbox with bash, as an operator's root shell; the shim log grows. */
    String run(String plan) throws IOException, InterruptedException {
        return run(plan, "/bin/bash");
    }

    /** Runs {@code plan} once in the sandbox with {@code shell} (e.g. {@code /bin/sh}, POSIX sh). */
    String run(String plan, String shell) throws IOException, InterruptedException {
        Files.writeString(root.resolve("plan.sh"), plan);
        Process p = new ProcessBuilder("unshare", "-rm", "--propagation", "private", "/bin/sh", setup.toString(),
                root.toString(), shell).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sandbox run finished").isTrue();
        assertThat(output).as("sandbox setup").contains("sandbox ready").doesNotContain("chroot:");
        return output;
    }

    /** Every shim invocation so far, in order. */
    List<Call> calls() throws IOException {
        Path log = root.resolve("shim.log");
        List<Call> calls = new ArrayList<>();
        if (!Files.exists(log)) {
            return calls;
        }
        String[] t = Files.readString(log, StandardCharsets.UTF_8).split("\0", -1);
        int i = 0;
        while (i + 1 < t.length) {
            int n = Integer.parseInt(t[i]);
            String program = t[i + 1];
            List<String> args = new ArrayList<>(List.of(t).subList(i + 2, i + 2 + n));
            calls.add(new Call(program, args));
            i += 2 + n;
        }
        assertThat(t[t.length - 1]).as("log ends with a complete record").isEmpty();
        return calls;
    }

    /** {@code bash -n}: the plan parses as a shell script. */
    static void syntaxCheck(Path dir, String plan) throws IOException, InterruptedException {
        Path file = dir.resolve("syntax.sh");
        Files.writeString(file, plan);
        Process p = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }
}
