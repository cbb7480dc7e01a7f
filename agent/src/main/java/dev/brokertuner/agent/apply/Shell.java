package dev.brokertuner.agent.apply;

import java.util.regex.Pattern;

/**
 * POSIX shell quoting and comment sanitizing for apply lines, which operators paste into a root shell. Every value
 * the agent read (a path, a device, an interface, a hostname, a config value) reaches a line only through
 * {@link #quote(String)} (as an argument) or {@link #commentText(String)} (inside a {@code #} comment); nothing is
 * concatenated raw. {@link Cmd} builds whole lines from typed parts on top of these two.
 */
public final class Shell {
    /** Characters that never need quoting in any POSIX shell word. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {
    }

    /**
     * One shell word that the shell reads back as exactly {@code value}: left bare when it only has safe characters,
     * otherwise in POSIX single quotes, where nothing is special except the closing quote, written as
     * {@code '\''}. A newline inside single quotes stays a literal newline of the argument, never a command break.
     */
    public static String quote(String value) {
        if (value == null || value.isEmpty()) {
            return "''";
        }
        if (SAFE.matcher(value).matches() && !value.startsWith("=")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * Text safe to put after a {@code #} on one line: control characters (newline, carriage return, tab, escape,
     * NUL, DEL and the C1 range) and Unicode line and paragraph separators are written as visible escapes
     * ({@code \n}, {@code \x1b}), so a read value can never end the comment and start a command.
     */
    public static String commentText(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp == 0x2028 || cp == 0x2029 || cp == 0x85 || Character.getType(cp) == Character.SURROGATE) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** A whole comment line: {@code # } and the sanitized text. */
    public static String comment(String text) {
        return "# " + commentText(text);
    }
}
