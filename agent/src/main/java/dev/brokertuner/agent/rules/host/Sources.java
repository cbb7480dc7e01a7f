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
    static final String KERNEL_IP_SYSCTL = "Linux kernel Documentation/networking/ip-sysctl.rst (tcp_rmem, tcp_wmem) "
            + "and socket(7) (SO_RCVBUF capped by rmem_max) (https://docs.kernel.org/networking/ip-sysctl.html)";
    static final String KAFKA_SOCKET_SERVER = "Kafka core SocketServer.scala: socket.send/receive.buffer.bytes are set "
            + "with setsockopt unless -1";
    static final String TIERNEY_BDP = "B. L. Tierney, \"TCP Tuning Techniques for High-Speed Wide-Area Networks\" "
            + "(throughput = window / RTT)";
    static final String MD_ADMIN = "Linux kernel Documentation/admin-guide/md.rst (sync_action, degraded, "
            + "sync_speed_max, speed_limit_min/max) (https://docs.kernel.org/admin-guide/md.html)";
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
