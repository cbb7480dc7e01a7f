package dev.brokertuner.collector.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The senders' bearer tokens: one {@code NAME TOKEN} per line of the tokens file ({@code #} comments and blank lines
 * ignored); the name says which fleet or team sent a report. A host belongs to the token that first registered it;
 * another token may write for it only when its line ends with {@code writes=*} (any host) or
 * {@code writes=NAME[,NAME...]} (hosts registered by those token names). A line with {@code role=operator} (in any order
 * with {@code writes=}) is an operator's token: only those may change alerts (acknowledge, silence, unsilence, send
 * a test notification); every agent holds a reports token, so a reports token must not be able to silence alerts.
 * Only SHA-256 digests are kept, a presented token is
 * compared with every digest in constant time ({@link MessageDigest#isEqual}) without stopping at a match, and
 * {@link #toString()} never shows a token.
 */
public final class Tokens {
    /** Shortest token accepted: guessable tokens are an open door. */
    public static final int MIN_LENGTH = 16;

    /**
     * Who a token may write for besides its own hosts ({@code *} for anyone, else token names) and whether it is an
     * operator's.
     */
    private record Entry(String name, byte[] digest, Set<String> writesFor, boolean operator) {
    }

    /** The {@code role=} value of an operator's token. */
    public static final String OPERATOR = "operator";

    /** The {@code writes=} value that lets a token write for every host. */
    public static final String ANY = "*";

    private final List<Entry> entries;

    private Tokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses the file's text, adding one problem per bad line (without echoing the token) to {@code problems}.
     *
     * @param text    the file content
     * @param label   how problems name the file, e.g. {@code tokensFile /etc/broker-tuner/tokens}
     * @param problems where problems go
     */
    public static Tokens parse(String text, String label, List<String> problems) {
        List<Entry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> seen = new HashSet<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2 || parts.length > 4) {
                problems.add(label + " line " + lineNo + ": expected 'NAME TOKEN' (two fields), optionally followed "
                        + "by writes=*|NAME,... and role=operator, got " + parts.length + " field(s)");
                continue;
            }
            Set<String> writesFor = Set.of();
            boolean operator = false;
            String bad = null;
            Set<String> options = new HashSet<>();
            for (int i = 2; i < parts.length && bad == null; i++) {
                String opt = parts[i];
                String key = opt.contains("=") ? opt.substring(0, opt.indexOf('=')) : opt;
                if (!options.add(key)) {
                    bad = key + "= is given twice";
                } else if (opt.startsWith("writes=")) {
                    String w = opt.substring("writes=".length());
                    if (!w.equals(ANY) && !w.matches("[A-Za-z0-9._-]{1,64}(,[A-Za-z0-9._-]{1,64})*")) {
                        bad = "writes= must be '*' (any host) or token names separated by commas, got '" + w + "'";
                    } else {
                        writesFor = Set.copyOf(java.util.Arrays.asList(w.split(",")));
                    }
                } else if (opt.startsWith("role=")) {
                    if (!opt.equals("role=" + OPERATOR)) {
                        bad = "role= must be '" + OPERATOR + "' (a token without role= sends reports only)";
                    } else {
                        operator = true;
                    }
                } else {
                    // never echo the field: a mistyped line may hold a token there
                    bad = "expected 'NAME TOKEN' optionally followed by writes=*|NAME,... and role=operator; field "
                            + (i + 1) + " is neither";
                }
            }
            if (bad != null) {
                problems.add(label + " line " + lineNo + ": " + bad);
                continue;
            }
            String name = parts[0];
            String token = parts[1];
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                problems.add(label + " line " + lineNo + ": name '" + name
                        + "' must be 1-64 letters, digits, '.', '_' or '-'");
                continue;
            }
            if (token.length() < MIN_LENGTH) {
                problems.add(label + " line " + lineNo + ": the token of '" + name + "' is shorter than " + MIN_LENGTH
                        + " characters (e.g. generate one with: openssl rand -hex 24)");
                continue;
            }
            if (!names.add(name)) {
                problems.add(label + " line " + lineNo + ": name '" + name + "' appears twice");
                continue;
            }
            if (!seen.add(token)) {
                problems.add(label + " line " + lineNo + ": the token of '" + name
                        + "' is also used by another name; each sender needs its own");
                continue;
            }
            out.add(new Entry(name, sha256(token), writesFor, operator));
        }
        if (out.isEmpty() && problems.isEmpty()) {
            problems.add(label + ": no tokens (one 'NAME TOKEN' per line); no agent could deliver");
        }
        return new Tokens(out);
    }

    /** Tokens given directly (tests, flags): name to token. */
    public static Tokens of(String name, String token) {
        return new Tokens(List.of(new Entry(name, sha256(token), Set.of(), false)));
    }

    /**
     * True when the token named {@code sender} may file a report for a host first registered by {@code owner}:
     * its own hosts, and others' when its line says {@code writes=*} or names {@code owner}.
     */
    public boolean mayWriteFor(String sender, String owner) {
        if (sender.equals(owner)) {
            return true;
        }
        for (Entry e : entries) {
            if (e.name().equals(sender)) {
                return e.writesFor().contains(ANY) || e.writesFor().contains(owner);
            }
        }
        return false;
    }

    /**
     * The sender's name when {@code presented} is one of the tokens. Every entry is compared, whatever matched, so
     * the time taken does not say how close a guess was.
     */
    public Optional<String> senderOf(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        String match = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), digest)) {
                match = e.name();
            }
        }
        return Optional.ofNullable(match);
    }

    /**
     * The operator's name when {@code presented} is a token with {@code role=operator}; empty for a reports-only
     * token or none. Compared like {@link #senderOf}.
     */
    public Optional<String> operatorOf(String presented) {
        Optional<String> name = senderOf(presented);
        return name.filter(n -> entries.stream().anyMatch(e -> e.operator() && e.name().equals(n)));
    }

    /** How many senders. */
    public int size() {
        return entries.size();
    }

    /** The sender names, never the tokens. */
    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    @Override
    public String toString() {
        return "Tokens" + names();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
