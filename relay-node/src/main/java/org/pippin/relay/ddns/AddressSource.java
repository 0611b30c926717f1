package org.pippin.relay.ddns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/** Where the relay learns the address the world reaches it at. */
interface AddressSource {

    /** The current addresses, IPv4 before IPv6, each family in a stable order; never empty. */
    List<InetAddress> discover() throws IOException;

    static AddressSource of(DdnsConfig c) {
        if (!c.addressUrls.isEmpty()) {
            return new HttpAddressSource(c.addressUrls, c.timeoutSeconds);
        }
        if (!c.addressInterface.isEmpty()) {
            return () -> fromInterface(c.addressInterface);
        }
        List<InetAddress> fixed = sorted(c.addressFixed);
        return () -> fixed;
    }

    /** Every address of the interface except link-local ones, which mean nothing beyond the local link. */
    static List<InetAddress> fromInterface(String name) throws IOException {
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            throw new IOException("interface " + name + ": " + e.getMessage(), e);
        }
        if (nif == null) {
            throw new IOException("no network interface named " + name);
        }
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (!a.isLinkLocalAddress()) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new IOException("interface " + name + " has no usable address");
        }
        return sorted(out);
    }

    static List<InetAddress> sorted(List<InetAddress> in) {
        List<InetAddress> out = new ArrayList<>(in);
        out.sort(Comparator.comparing((InetAddress a) -> a instanceof Inet4Address ? 0 : 1)
                .thenComparing(a -> a.getHostAddress()));
        return List.copyOf(out);
    }
}
