package dev.brokertuner.agent.host;

import dev.brokertuner.report.RaidArray;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code /proc/mdstat}: every array's state ({@code active}, {@code inactive}, with {@code (read-only)} or
 * {@code (auto-read-only)}), level (absent on some inactive arrays), members with their {@code (F)}ailed and
 * {@code (S)}pare flags (a device may be listed twice), {@code [raid disks/working]} (not printed for raid0 and
 * linear), and the sync line: {@code recovery}, {@code resync}, {@code check} or {@code reshape} with a percentage,
 * or {@code resync=DELAYED} / {@code resync=PENDING}.
 */
public final class MdStat {
    private static final Pattern HEAD = Pattern.compile("^(md[^\\s:]*)\\s*:\\s*(.*)$");
    private static final Pattern MEMBER = Pattern.compile("^([^\\[\\s]+)\\[(\\d+)\\]((?:\\([A-Za-z]\\))*)$");
    private static final Pattern COUNTS = Pattern.compile("\\[(\\d+)/(\\d+)\\]");
    private static final Pattern PROGRESS =
            Pattern.compile("\\b(recovery|resync|check|reshape|repair)\\s*=\\s*([0-9.]+)%");
    private static final Pattern QUEUED = Pattern.compile("\\b(resync|recovery|reshape|check)\\s*=\\s*(DELAYED|PENDING)");

    private MdStat() {
    }

    /** The arrays in the order mdstat lists them; an empty list for a file without arrays. */
    public static List<RaidArray> parse(String text) {
        List<RaidArray> arrays = new ArrayList<>();
        String[] lines = text.split("\n");
        int i = 0;
        while (i < lines.length) {
            Matcher head = HEAD.matcher(lines[i].strip());
            if (!head.matches()) {
                i++;
                continue;
            }
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            while (j < lines.length && !lines[j].isBlank() && !HEAD.matcher(lines[j].strip()).matches()
                    && !lines[j].startsWith("unused devices")) {
                body.append(lines[j]).append('\n');
                j++;
            }
            arrays.add(array(head.group(1), head.group(2), body.toString()));
            i = j;
        }
        return arrays;
    }

    private static RaidArray array(String name, String headRest, String body) {
        String[] tokens = headRest.trim().split("\\s+");
        int t = 0;
        StringBuilder state = new StringBuilder(tokens.length > 0 ? tokens[t++] : "unknown");
        while (t < tokens.length && tokens[t].startsWith("(")) {
            state.append(' ').append(tokens[t++]);
        }
        String level = null;
        if (t < tokens.length && !MEMBER.matcher(tokens[t]).matches()) {
            level = tokens[t++].toLowerCase(Locale.ROOT);
        }
        Set<String> members = new LinkedHashSet<>();
        Set<String> failed = new LinkedHashSet<>();
        Set<String> spares = new LinkedHashSet<>();
        for (; t < tokens.length; t++) {
            Matcher m = MEMBER.matcher(tokens[t]);
            if (!m.matches()) {
                continue;
            }
            String dev = m.group(1);
            members.add(dev);
            if (m.group(3).contains("(F)")) {
                failed.add(dev);
            }
            if (m.group(3).contains("(S)")) {
                spares.add(dev);
            }
        }
        Integer raidDisks = null;
        Integer working = null;
        Matcher counts = COUNTS.matcher(body);
        if (counts.find()) {
            raidDisks = Integer.parseInt(counts.group(1));
            working = Integer.parseInt(counts.group(2));
        }
        String syncAction = null;
        Double progress = null;
        Matcher p = PROGRESS.matcher(body);
        Matcher q = QUEUED.matcher(body);
        if (p.find()) {
            syncAction = p.group(1);
            progress = Double.parseDouble(p.group(2));
        } else if (q.find()) {
            syncAction = q.group(1) + "=" + q.group(2);
        }
        boolean degraded = raidDisks != null && working != null && working < raidDisks;
        return new RaidArray(name, level, state.toString(), raidDisks, working, failed.size(), spares.size(), degraded,
                syncAction, progress, List.copyOf(members), List.copyOf(failed));
    }
}
