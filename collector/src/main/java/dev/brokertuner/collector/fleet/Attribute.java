package dev.brokertuner.collector.fleet;

/**
 * A per-host setting that should be the same on every broker of a cluster; a broker that differs from its peers is
 * an outlier ("kafka-b07 is the only broker on relatime").
 */
public enum Attribute {
    DATA_DIR_FS("dataDirFs", "data-dir filesystem"),
    DATA_DIR_ATIME("dataDirAtime", "data-dir atime mode"),
    RAID_LEVEL("raidLevel", "data-dir RAID level"),
    RAID_HEALTH("raidHealth", "data-dir RAID health"),
    NIC_SPEED("nicSpeed", "NIC speed"),
    NIC_MTU("nicMtu", "NIC MTU"),
    RMEM_MAX("rmemMax", "net.core.rmem_max"),
    WMEM_MAX("wmemMax", "net.core.wmem_max"),
    SWAPPINESS("swappiness", "vm.swappiness"),
    MAX_MAP_COUNT("maxMapCount", "vm.max_map_count"),
    IO_THREADS("numIoThreads", "num.io.threads"),
    NETWORK_THREADS("numNetworkThreads", "num.network.threads"),
    SOCKET_SEND("socketSendBufferBytes", "socket.send.buffer.bytes"),
    SOCKET_RECEIVE("socketReceiveBufferBytes", "socket.receive.buffer.bytes"),
    KAFKA_VERSION("kafkaVersion", "Kafka version");

    private final String key;
    private final String label;

    Attribute(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The JSON key. */
    public String key() {
        return key;
    }

    /** How operators name it. */
    public String label() {
        return label;
    }
}
