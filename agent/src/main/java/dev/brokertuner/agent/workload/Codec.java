package dev.brokertuner.agent.workload;

/**
 * The compression codec of a record batch, from bits 0-2 of its attributes: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.
 * Ids 5 to 7 are not defined by Kafka (a broker rejects them); they read as {@link #UNKNOWN} rather than ending a scan,
 * since the rest of the header is still well-formed.
 */
public enum Codec {
    NONE("none"), GZIP("gzip"), SNAPPY("snappy"), LZ4("lz4"), ZSTD("zstd"), UNKNOWN("unknown");

    private final String label;

    Codec(String label) {
        this.label = label;
    }

    /** The name Kafka's {@code compression.type} uses ({@code none} for uncompressed), or {@code unknown}. */
    public String label() {
        return label;
    }

    /** The codec of attribute bits 0-2 ({@code id & 7}). */
    public static Codec ofId(int id) {
        return switch (id & 7) {
            case 0 -> NONE;
            case 1 -> GZIP;
            case 2 -> SNAPPY;
            case 3 -> LZ4;
            case 4 -> ZSTD;
            default -> UNKNOWN;
        };
    }
}
