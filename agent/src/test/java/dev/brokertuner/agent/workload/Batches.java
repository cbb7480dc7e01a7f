package dev.brokertuner.agent.workload;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Hand-built record batch v2 bytes: a real header and a payload of filler bytes (never decoded by the parser). */
final class Batches {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Appends one batch with {@code payload} bytes after the header. */
    Batches batch(long baseOffset, int attributes, int records, int payload, long producerId) {
        out.writeBytes(bytes(baseOffset, attributes, records, payload, producerId, (byte) 2));
        return this;
    }

    Batches raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] bytes(long baseOffset, int attributes, int records, int payload, long producerId, byte magic) {
        ByteBuffer b = ByteBuffer.allocate(BatchHeaders.HEADER_BYTES + payload);
        b.putLong(baseOffset);
        b.putInt(BatchHeaders.HEADER_BYTES - BatchHeaders.LOG_OVERHEAD + payload);
        b.putInt(7);                        // partitionLeaderEpoch
        b.put(magic);
        b.putInt(0xCAFEBABE);               // crc, not verified
        b.putShort((short) attributes);
        b.putInt(records - 1);              // lastOffsetDelta
        b.putLong(1_700_000_000_000L);      // baseTimestamp
        b.putLong(1_700_000_000_500L);      // maxTimestamp
        b.putLong(producerId);
        b.putShort((short) (producerId >= 0 ? 3 : -1));
        b.putInt(producerId >= 0 ? 42 : -1);
        b.putInt(records);
        while (b.hasRemaining()) {
            b.put((byte) 0x5A);
        }
        return b.array();
    }
}
