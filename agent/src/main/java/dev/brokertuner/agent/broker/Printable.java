package dev.brokertuner.agent.broker;

import java.nio.charset.StandardCharsets;

/** Bytes from a foreign endpoint made safe to quote in a reason: printable ASCII only, bounded. */
final class Printable {
    private Printable() {
    }

    /** The text with every character outside printable ASCII as {@code ?}, cut at {@code max} with "...". */
    static String of(String text, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > max ? b + "..." : b.toString();
    }

    /** The first line of the bytes (up to CR or LF), sanitized, with "..." when cut. */
    static String line(byte[] bytes, int max) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\r' || s.charAt(i) == '\n') {
                end = i;
                break;
            }
        }
        String first = of(s.substring(0, end), max);
        return end < s.length() && !first.endsWith("...") ? first + "..." : first;
    }

    /** Mostly printable bytes as quoted text, else the first {@code max} bytes in hex. */
    static String bytes(byte[] bytes, int max) {
        int printable = 0;
        for (byte x : bytes) {
            if (x >= 0x20 && x < 0x7f || x == '\r' || x == '\n' || x == '\t') {
                printable++;
            }
        }
        if (printable * 10 >= bytes.length * 9) {
            return "'" + line(bytes, max * 2) + "'";
        }
        StringBuilder hex = new StringBuilder("bytes 0x");
        for (int i = 0; i < Math.min(max, bytes.length); i++) {
            hex.append(String.format("%02x", bytes[i] & 0xff));
        }
        return bytes.length > max ? hex + "..." : hex.toString();
    }
}
