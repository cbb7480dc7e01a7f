package dev.brokertuner.agent.rules.host;

/** The citations host rules put in rationales and in {@code docs/rules.md}, spelled once. */
final class Sources {
    static final String KAFKA_OPS_HW = "Kafka documentation, Operations, \"Hardware and OS\" "
            + "(https://kafka.apache.org/40/operations/hardware-and-os/)";
    static final String KAFKA_OPS_FS = "Kafka documentation, Operations, \"Hardware and OS\": \"Filesystem Selection\" "
            + "and \"General Filesystem Notes\" (https://kafka.apache.org/40/operations/hardware-and-os/)";
    static final String KAFKA_OPS_DISKS = "Kafka documentation, Operations, \"Hardware and OS\": \"Disks and Filesystem\" "
            + "(https://kafka.apache.org/40/operations/hardware-and-os/)";
    static final String KAFKA_OPS_OS = "Kafka documentation, Operations, \"Hardware and OS\": \"OS\" "
            + "(file descriptors, vm.max_map_count, max socket buffer) (https://kafka.apache.org/40/operations/hardware-and-os/)";
    static final String KIP112_RAID = "LinkedIn measurements in the KIP-112 thread: RAID 5/6 30-50% slower than RAID 10, "
            + "slower rebuild (https://go.mail-archive.com/dev@kafka.apache.org/msg67522.html)";
    static final String CLOUDERA_JBOD = "Cloudera, Kafka JBOD (https://docs.cloudera.com/cdp-private-cloud-base/7.1.7/"
            + "kafka-configuring/topics/kafka-config-jbod.html)";
    static final String CLOUDERA_SWAP = "Cloudera, Kafka virtual memory tuning (https://docs.cloudera.com/"
            + "cdp-private-cloud-base/7.1.7/kafka-performance-tuning/topics/kafka-tune-broker-syslevel-virtual-memory.html)";
    static final String CANONICAL = "Canonical Charmed Kafka performance tuning "
            + "(https://documentation.ubuntu.com/charmed-kafka/3/reference/performance-tuning)";
    static final String KERNEL_MM = "Linux kernel include/linux/mm.h (DEFAULT_MAX_MAP_COUNT = 65530)";
    static final String MOUNT_ATIME = "mount(8), filesystem-independent options relatime, strictatime and lazytime, "
            + "and the kernel's relatime_need_update() in fs/inode.c (https://man7.org/linux/man-pages/man8/mount.8.html)";
    static final String DOCKER_STORAGE = "Docker documentation, \"Storage\": data in a container's writable layer "
            + "does not persist when the container no longer exists (https://docs.docker.com/engine/storage/)";
    static final String KERNEL_IP_SYSCTL = "Linux kernel Documentation/networking/ip-sysctl.rst (tcp_rmem, tcp_wmem) "
            + "and socket(7) (SO_RCVBUF capped by rmem_max) (https://docs.kernel.org/networking/ip-sysctl.html)";
    static final String KAFKA_SOCKET_SERVER = "Kafka core SocketServer.scala: socket.send/receive.buffer.bytes are set "
            + "with setsockopt unless -1";
    static final String TIERNEY_BDP = "B. L. Tierney, \"TCP Tuning Techniques for High-Speed Wide-Area Networks\" "
            + "(throughput = window / RTT)";
    static final String MD_ADMIN = "Linux kernel Documentation/admin-guide/md.rst (sync_action, degraded, "
            + "sync_speed_max, speed_limit_min/max) (https://docs.kernel.org/admin-guide/md.html)";
    static final String IOSTAT = "iostat(1), sysstat: %util \"for devices serving requests in parallel, such as RAID "
            + "arrays and modern SSDs, ... does not reflect their performance limits\"; r_await, w_await, aqu-sz "
            + "(https://man7.org/linux/man-pages/man1/iostat.1.html)";
    static final String KERNEL_IOSTATS = "Linux kernel Documentation/admin-guide/iostats.rst (diskstats fields: "
            + "time spent reading/writing, io_ticks, weighted time in queue) "
            + "(https://docs.kernel.org/admin-guide/iostats.html)";
    static final String KERNEL_BFQ = "Linux kernel Documentation/block/bfq-iosched.rst: BFQ \"privileges latency over "
            + "throughput\" and adds per-request overhead that limits the IOPS it can sustain "
            + "(https://docs.kernel.org/block/bfq-iosched.html)";
    static final String KERNEL_ELEVATOR = "Linux kernel block/elevator.c (elevator_get_default: none for devices with "
            + "several hardware queues, such as NVMe; mq-deadline for single-queue devices) and "
            + "Documentation/block/switching-sched.rst (https://docs.kernel.org/block/switching-sched.html)";
    static final String KERNEL_THP = "Linux kernel Documentation/admin-guide/mm/transhuge.rst: defrag \"always\" "
            + "makes an application requesting THP stall on allocation failure and directly reclaim pages and compact "
            + "memory; \"madvise\" (the default) does so only for MADV_HUGEPAGE regions "
            + "(https://docs.kernel.org/admin-guide/mm/transhuge.html)";
    static final String KERNEL_CPUFREQ = "Linux kernel Documentation/admin-guide/pm/cpufreq.rst: the powersave "
            + "governor requests the lowest frequency within scaling_min_freq; intel_pstate.rst and amd-pstate.rst: in "
            + "active mode (drivers intel_pstate, amd-pstate-epp) \"powersave\" names the driver's own dynamic "
            + "algorithm, not the generic governor (https://docs.kernel.org/admin-guide/pm/cpufreq.html)";
    static final String CP_ANSIBLE = "Confluent cp-ansible broker defaults (LimitNOFILE 102400)";

    static final String KERNEL_SNMP = "Linux kernel Documentation/networking/snmp_counter.rst (Tcp RetransSegs and "
            + "OutSegs; TcpExt ListenOverflows: the accept queue was full; ListenDrops) "
            + "(https://docs.kernel.org/networking/snmp_counter.html)";
    static final String LISTEN_BACKLOG = "listen(2): the backlog is capped by net.core.somaxconn; Kafka "
            + "SocketServerConfigs: socket.listen.backlog.size (default 50, read-only), \"In Linux, you may also need to "
            + "configure somaxconn and tcp_max_syn_backlog\"";
    static final String KERNEL_CONNTRACK = "Linux kernel Documentation/networking/nf_conntrack-sysctl.rst "
            + "(nf_conntrack_count, nf_conntrack_max: new connections are dropped when the table is full) "
            + "(https://docs.kernel.org/networking/nf_conntrack-sysctl.html)";
    static final String KERNEL_NET_STATISTICS = "Linux kernel Documentation/ABI/testing/sysfs-class-net-statistics "
            + "(rx_dropped, tx_dropped) and proc(5) /proc/net/dev";

    private Sources() {
    }
}
