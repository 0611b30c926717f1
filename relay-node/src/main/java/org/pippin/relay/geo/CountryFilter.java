package org.pippin.relay.geo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether a source address is inside the network's countries: the country lists, the operator's extra files, and,
 * when allowed, loopback and private ranges (for labs and LANs). One check for every peer that is not yet known:
 * phones now; relays once relays link up with each other.
 */
public final class CountryFilter {

    /** Loopback: 127.0.0.0/8 and ::1. */
    static final String[] LOOPBACK = {"127.0.0.0/8", "::1/128"};
    /** RFC 1918, carrier-grade NAT (RFC 6598), link-local, IPv6 unique-local and link-local. */
    static final String[] PRIVATE = {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10",
        "169.254.0.0/16", "fc00::/7", "fe80::/10"};

    private final AddressRanges allowed;
    private final boolean restricted;
    private final String description;

    private CountryFilter(AddressRanges allowed, boolean restricted, String description) {
        this.allowed = allowed;
        this.restricted = restricted;
        this.description = description;
    }

    /** Every address is served. */
    public static CountryFilter unrestricted() {
        return new CountryFilter(AddressRanges.EMPTY, false, "any address");
    }

    /**
     * Reads the lists {@code config} names.
     *
     * @throws IOException a list is missing or unreadable, or has a bad line (the message names file and line)
     */
    public static CountryFilter load(GeoConfig config) throws IOException {
        if (!config.restricted()) {
            return unrestricted();
        }
        AddressRanges.Builder b = new AddressRanges.Builder();
        int blocks = 0;
        for (String cc : config.countries) {
            blocks += loadCountry(config.dir, cc, b);
        }
        for (Path f : config.files) {
            blocks += CidrFile.load(f, b);
        }
        if (config.allowLoopback) {
            for (String cidr : LOOPBACK) {
                CidrFile.add(cidr, b);
            }
        }
        if (config.allowPrivate) {
            for (String cidr : PRIVATE) {
                CidrFile.add(cidr, b);
            }
        }
        AddressRanges ranges = b.build();
        String what = (config.countries.isEmpty() ? "" : String.join(",", config.countries))
                + (config.files.isEmpty() ? "" : (config.countries.isEmpty() ? "" : " + ") + config.files)
                + (config.allowLoopback ? " + loopback" : "") + (config.allowPrivate ? " + private" : "");
        return new CountryFilter(ranges, true, what + " (" + blocks + " blocks as " + ranges + ")");
    }

    private static int loadCountry(Path dir, String cc, AddressRanges.Builder b) throws IOException {
        String lower = cc.toLowerCase(Locale.ROOT);
        int blocks = 0;
        boolean found = false;
        for (String family : new String[] {"ipv4", "ipv6"}) {
            String name = lower + "-" + family + ".cidr";
            if (dir != null) {
                Path file = dir.resolve(name);
                if (Files.exists(file)) {
                    found = true;
                    blocks += CidrFile.load(file, b);
                }
            } else if (CountryFilter.class.getResource("/geo/" + name) != null) {
                found = true;
                blocks += CidrFile.loadResource("/geo/" + name, b);
            }
        }
        if (!found) {
            throw new IOException("no address list for country " + cc + ": expected "
                    + (dir != null ? dir.resolve(lower + "-ipv4.cidr") + " or " + dir.resolve(lower + "-ipv6.cidr")
                    : "geo.dir to name a directory with " + lower + "-ipv4.cidr (only KW is built in)"));
        }
        return blocks;
    }

    /** Whether {@code address} may use this relay. IPv4-mapped IPv6 addresses count as IPv4. */
    public boolean allows(InetAddress address) {
        return !restricted || allowed.contains(address);
    }

    public boolean restricted() {
        return restricted;
    }

    /** The table behind the check; for tests and the benchmark. */
    public AddressRanges ranges() {
        return allowed;
    }

    @Override
    public String toString() {
        return description;
    }
}
