package dev.brokertuner.agent.host.net;

/**
 * One IPv4 route of {@code <procfs>/net/route}.
 *
 * @param iface       the interface it leaves by
 * @param destination network-order destination
 * @param mask        network-order netmask
 * @param gateway     network-order gateway, 0 for a directly connected (link) route
 * @param metric      lower wins among equal prefixes
 */
public record Route(String iface, long destination, long mask, long gateway, long metric) {
    /** True when the address is inside this route's destination. */
    public boolean contains(long address) {
        return (address & mask) == (destination & mask);
    }

    /** The prefix length. */
    public int prefixLength() {
        return Ipv4.prefixLength(mask);
    }

    /** True for the default route (0.0.0.0/0). */
    public boolean isDefault() {
        return mask == 0;
    }
}
