package dev.brokertuner.agent.host;

import dev.brokertuner.report.TransparentHugePages;

/** Reads {@code <sysfs>/kernel/mm/transparent_hugepage/enabled} and {@code defrag}; absent on kernels without THP. */
final class HugePages {
    private static final String DIR = "kernel/mm/transparent_hugepage/";

    private HugePages() {
    }

    /** The active modes, or null when neither file can be read. */
    static TransparentHugePages read(HostFiles files) {
        return parse(files.sysValue(DIR + "enabled"), files.sysValue(DIR + "defrag"));
    }

    /** {@code always [madvise] never} and {@code [always] defer madvise never} give the bracketed ones. */
    static TransparentHugePages parse(String enabled, String defrag) {
        String e = SysfsChoice.active(enabled);
        String d = SysfsChoice.active(defrag);
        return e == null && d == null ? null : new TransparentHugePages(e, d);
    }
}
