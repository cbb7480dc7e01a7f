package dev.brokertuner.agent.apply;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What the kernel allows in the names the agent reads, so a value that cannot be what it claims is refused as a fact
 * (with a problem) instead of being quoted into a command.
 * <ul>
 *   <li>Network interfaces: {@code dev_valid_name()} in {@code net/core/dev.c}: 1 to 15 bytes, not {@code .} or
 *   {@code ..}, no {@code /}, {@code :} or whitespace. Anything else the kernel allows ({@code $}, {@code (}) is a
 *   legal name and is quoted.</li>
 *   <li>Block devices ({@code /sys/block}, {@code /proc/mdstat}, {@code /proc/diskstats}): the names drivers give
 *   ({@code sda}, {@code nvme0n1p2}, {@code md127}, {@code dm-3}, {@code cciss!c0d0}, {@code md_home}): letters,
 *   digits and {@code _ . - + ! :}, at most 32 bytes ({@code DISK_NAME_LEN}).</li>
 * </ul>
 */
public final class KernelNames {
    private static final Pattern BLOCK = Pattern.compile("[A-Za-z0-9_.+!:-]{1,32}");

    private KernelNames() {
    }

    /** True when {@code name} is a name the kernel accepts for a network interface. */
    public static boolean isInterfaceName(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 15) {
            return false;
        }
        return name.codePoints().noneMatch(cp -> cp == '/' || cp == ':' || Character.isWhitespace(cp)
                || cp < 0x20 || cp == 0x7f);
    }

    /** True when {@code name} has the shape of a kernel block device name (drivers never start one with {@code -}). */
    public static boolean isBlockDeviceName(String name) {
        return name != null && BLOCK.matcher(name).matches() && !name.equals(".") && !name.equals("..")
                && !name.startsWith("-");
    }

    /**
     * True when a name the kernel accepts can also stand as a command's operand: quoting keeps it one word, but a
     * word that starts with {@code -} is read as an option by the program ({@code ethtool -s}), so rules build no
     * command for such a name (the kernel allows it for interfaces).
     */
    public static boolean isOperand(String name) {
        return name != null && !name.isEmpty() && !name.startsWith("-");
    }
}
