package dev.brokertuner.agent.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One apply line built from typed parts: a program and its arguments (each shell-quoted), optional redirection of
 * its output to a file (the file name quoted), commands joined with {@code &&} or {@code |}, and a trailing comment
 * (sanitized). Operators ({@code >}, {@code >>}, {@code &&}, {@code ||}, {@code |}) come only from the builder's methods, never
 * from a value, so the line runs exactly the commands it was built from whatever the values hold.
 *
 * <pre>{@code
 * Cmd.of("ethtool", nic.name()).comment("supported link modes").line()
 * Cmd.of("echo", "idle").to(SysPaths.mdSyncAction(md)).line()
 * }</pre>
 */
public final class Cmd {
    private final List<String> words = new ArrayList<>();
    private String comment;

    private Cmd(String program, List<String> args) {
        words.add(Shell.quote(Objects.requireNonNull(program, "program")));
        for (String a : args) {
            words.add(Shell.quote(Objects.requireNonNull(a, "argument")));
        }
    }

    /** A program and its arguments; each is quoted when it needs to be. */
    public static Cmd of(String program, String... args) {
        return new Cmd(program, List.of(args));
    }

    /** A program and its arguments; each is quoted when it needs to be. */
    public static Cmd of(String program, List<String> args) {
        return new Cmd(program, args);
    }

    /** One more argument, quoted. */
    public Cmd arg(String value) {
        words.add(Shell.quote(Objects.requireNonNull(value, "argument")));
        return this;
    }

    /** More arguments, quoted. */
    public Cmd args(String... values) {
        for (String v : values) {
            arg(v);
        }
        return this;
    }

    /** Output to {@code file}, replacing it ({@code > 'file'}). */
    public Cmd to(String file) {
        words.add(">");
        words.add(Shell.quote(file));
        return this;
    }

    /** Output appended to {@code file} ({@code >> 'file'}). */
    public Cmd appendTo(String file) {
        words.add(">>");
        words.add(Shell.quote(file));
        return this;
    }

    /** Then {@code next} when this one succeeded ({@code &&}). */
    public Cmd and(Cmd next) {
        words.add("&&");
        words.add(next.body());
        if (next.comment != null && comment == null) {
            comment = next.comment;
        }
        return this;
    }

    /** Then {@code next} when this one failed ({@code ||}), e.g. add a line only when a {@code grep -q} misses it. */
    public Cmd or(Cmd next) {
        words.add("||");
        words.add(next.body());
        if (next.comment != null && comment == null) {
            comment = next.comment;
        }
        return this;
    }

    /** This one's output into {@code next} ({@code |}). */
    public Cmd pipe(Cmd next) {
        words.add("|");
        words.add(next.body());
        return this;
    }

    /** A trailing {@code # comment}, sanitized. */
    public Cmd comment(String text) {
        this.comment = text;
        return this;
    }

    private String body() {
        return String.join(" ", words);
    }

    /** The line to paste. */
    public String line() {
        return comment == null ? body() : body() + "   " + Shell.comment(comment);
    }

    @Override
    public String toString() {
        return line();
    }
}
