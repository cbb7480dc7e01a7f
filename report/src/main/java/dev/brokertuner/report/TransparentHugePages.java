package dev.brokertuner.report;

/**
 * Transparent huge pages, from {@code <sysfs>/kernel/mm/transparent_hugepage/}: the active (bracketed) mode of each
 * file.
 *
 * @param enabled {@code enabled}: {@code always}, {@code madvise} or {@code never}; null when unknown
 * @param defrag  {@code defrag}: {@code always}, {@code defer}, {@code defer+madvise}, {@code madvise} or
 *                {@code never}; null when unknown
 */
public record TransparentHugePages(String enabled, String defrag) {
}
