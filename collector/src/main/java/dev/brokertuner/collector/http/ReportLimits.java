package dev.brokertuner.collector.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The hard caps on one report, checked by streaming over its JSON before any tree is built, so a report's parsed
 * size is bounded by what these allow, whatever its byte size: strict UTF-8 (overlong forms, encoded surrogates and
 * bytes that are not UTF-8 refused), no NUL and no lone surrogate (a {@code \ud800} escape) in any string or key,
 * at most {@link #MAX_FINDINGS} findings, {@link #MAX_CHECKS} checks, {@link #MAX_PROBLEMS} problems,
 * {@link #MAX_EVIDENCE} evidence entries and {@link #MAX_APPLY} apply lines per finding, {@link #MAX_ELEMENTS}
 * entries in any other list or mapping, strings and keys of at most {@link #MAX_STRING} characters, at most
 * {@link #MAX_VALUES} JSON values and a nesting depth of {@link #MAX_DEPTH}. Documented in docs/collector.md.
 */
public final class ReportLimits {
    public static final int MAX_FINDINGS = 1_000;
    public static final int MAX_CHECKS = 2_000;
    public static final int MAX_PROBLEMS = 1_000;
    public static final int MAX_EVIDENCE = 100;
    public static final int MAX_APPLY = 200;
    public static final int MAX_ELEMENTS = 10_000;
    public static final int MAX_STRING = 16_384;
    public static final int MAX_VALUES = 200_000;
    public static final int MAX_DEPTH = 32;

    /**
     * What the scan found.
     *
     * @param problems each cap exceeded or character refused, with its JSON path; empty when within every cap
     * @param values   JSON values seen (for the memory estimate of parsing)
     */
    public record Scan(List<String> problems, long values) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final class Frame {
        final Frame parent;
        final String path;
        final String name;
        final boolean array;
        int count;

        Frame(Frame parent, String path, String name, boolean array) {
            this.parent = parent;
            this.path = path;
            this.name = name;
            this.array = array;
        }
    }

    private final JsonFactory factory;

    public ReportLimits(JsonFactory factory) {
        this.factory = factory;
    }

    /** Scans {@code raw}; never throws. JSON syntax errors are left to the validator (not a cap problem). */
    public Scan scan(byte[] raw) {
        String utf8 = firstInvalidUtf8(raw);
        if (utf8 != null) {
            return new Scan(List.of("$: " + utf8), 0);
        }
        // NUL and lone surrogates can only come from a backslash-u escape or a NUL byte (strict UTF-8 refused encoded
        // surrogates above): without either, only the lengths of strings need checking, not their characters
        boolean escapes = mayEscape(raw);
        List<String> problems = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        long values = 0;
        String field = null;
        try (JsonParser p = factory.createParser(raw)) {
            JsonToken t;
            while ((t = p.nextToken()) != null && problems.isEmpty()) {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                    String bad = escapes ? badString(field) : tooLong(field.length());
                    if (bad != null) {
                        problems.add(path(stack) + ": a key " + bad);
                    }
                    continue;
                }
                if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                    stack.pop();
                    continue;
                }
                values++;
                if (values > MAX_VALUES) {
                    problems.add("$: more than " + MAX_VALUES + " JSON values");
                    break;
                }
                Frame parent = stack.peek();
                String name = parent == null ? "$" : parent.array ? "[]" : field;
                if (parent != null) {
                    parent.count++;
                    int cap = cap(stack, parent);
                    if (parent.count > cap) {
                        problems.add(parent.path + ": more than " + cap + " entries");
                        break;
                    }
                }
                if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                    if (stack.size() >= MAX_DEPTH) {
                        problems.add(path(stack) + ": nested deeper than " + MAX_DEPTH);
                        break;
                    }
                    String path = parent == null ? "$" : parent.array ? parent.path + "[" + (parent.count - 1) + "]"
                            : parent.path + "." + name;
                    stack.push(new Frame(parent, path, name, t == JsonToken.START_ARRAY));
                } else if (t == JsonToken.VALUE_STRING) {
                    String bad = escapes ? badString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())
                            : tooLong(p.getTextLength());
                    if (bad != null) {
                        problems.add(path(stack) + (parent != null && !parent.array ? "." + name : "") + ": " + bad);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON: the validator says where
        } catch (IOException e) {
            problems.add("$: unreadable: " + e.getMessage());
        }
        return new Scan(List.copyOf(problems), values);
    }

    /** The cap of the container on top of the stack, by where it sits in the report. */
    private static int cap(Deque<Frame> stack, Frame top) {
        if (stack.size() == 2 && top.array) {
            return switch (top.name) {
                case "findings" -> MAX_FINDINGS;
                case "checks" -> MAX_CHECKS;
                case "problems" -> MAX_PROBLEMS;
                default -> MAX_ELEMENTS;
            };
        }
        if (stack.size() == 4 && top.parent.parent.name.equals("findings")) {
            return top.name.equals("evidence") ? MAX_EVIDENCE : top.name.equals("apply") ? MAX_APPLY : MAX_ELEMENTS;
        }
        return MAX_ELEMENTS;
    }

    private static String path(Deque<Frame> stack) {
        return stack.isEmpty() ? "$" : stack.peek().path;
    }

    /** Why a string is refused, null when it is fine: too long, a NUL, or a lone surrogate. */
    static String badString(String s) {
        return badString(s.toCharArray(), 0, s.length());
    }

    /** {@link #badString(String)} of {@code len} characters of {@code chars} from {@code off}, without a copy. */
    static String badString(char[] chars, int off, int len) {
        String tooLong = tooLong(len);
        if (tooLong != null) {
            return tooLong;
        }
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = chars[i];
            if (c == 0) {
                return "a NUL character at index " + (i - off);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                    i++;
                    continue;
                }
                return "a lone surrogate at index " + (i - off);
            }
            if (Character.isLowSurrogate(c)) {
                return "a lone surrogate at index " + (i - off);
            }
        }
        return null;
    }

    private static String tooLong(int len) {
        return len > MAX_STRING ? "a string longer than " + MAX_STRING + " characters" : null;
    }

    /** True when {@code raw} holds a NUL byte or a backslash followed by {@code u} (a possible escape). */
    static boolean mayEscape(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == 0 || b == '\\' && i + 1 < raw.length && raw[i + 1] == 'u') {
                return true;
            }
        }
        return false;
    }

    /** Where {@code raw} stops being strict UTF-8 (overlong forms and encoded surrogates included), null if it is. */
    static String firstInvalidUtf8(byte[] raw) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(Math.min(8192, raw.length + 16));
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                return "not valid UTF-8 at byte " + in.position() + " (" + (r.isMalformed() ? "malformed or overlong"
                        : "unmappable") + " sequence)";
            }
            if (r.isUnderflow()) {
                break;
            }
            out.clear();
        }
        try {
            out.clear();
            CoderResult r = d.flush(out);
            if (r.isError()) {
                r.throwException();
            }
        } catch (CharacterCodingException e) {
            return "not valid UTF-8 at the end";
        }
        return null;
    }
}
