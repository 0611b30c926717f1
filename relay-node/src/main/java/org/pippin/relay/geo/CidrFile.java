package org.pippin.relay.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Operator-provided address lists: one CIDR block a line ({@code 31.203.0.0/16}, {@code 2a00:1850::/29}); text after
 * {@code #} is a comment; blank lines are skipped. A bad line stops the load with {@code source:line: reason}, so a
 * damaged file never silently shrinks or widens the country.
 */
public final class CidrFile {

    /** A line that is no CIDR block; the message starts with {@code source:line:}. */
    public static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    private CidrFile() {
    }

    /** Adds every block of {@code file} to {@code into}; returns the blocks read. */
    public static int load(Path file, AddressRanges.Builder into) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return read(r, file.toString(), into);
        }
    }

    /** Adds every block of the class-path resource {@code name}; returns the blocks read. */
    public static int loadResource(String name, AddressRanges.Builder into) throws IOException {
        try (InputStream in = CidrFile.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " missing from the class path");
            }
            return read(new InputStreamReader(in, StandardCharsets.US_ASCII), "classpath:" + name, into);
        }
    }

    /** Adds every block read from {@code text}; {@code source} names it in errors. Returns the blocks read. */
    public static int read(Reader text, String source, AddressRanges.Builder into) throws IOException {
        BufferedReader in = new BufferedReader(text);
        int count = 0;
        int lineNo = 0;
        for (String line; (line = in.readLine()) != null; ) {
            lineNo++;
            int hash = line.indexOf('#');
            String cidr = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (cidr.isEmpty()) {
                continue;
            }
            try {
                add(cidr, into);
            } catch (IllegalArgumentException e) {
                throw new FormatException(source + ":" + lineNo + ": '" + cidr + "': " + e.getMessage());
            }
            count++;
        }
        return count;
    }

    /** Parses one {@code address/prefix} and adds it. */
    static void add(String cidr, AddressRanges.Builder into) {
        int slash = cidr.indexOf('/');
        if (slash <= 0 || slash == cidr.length() - 1) {
            throw new IllegalArgumentException("not address/prefix-length");
        }
        String address = cidr.substring(0, slash);
        String prefix = cidr.substring(slash + 1);
        if (prefix.length() > 3 || !prefix.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IllegalArgumentException("prefix length '" + prefix + "' is not a number");
        }
        int length = Integer.parseInt(prefix);
        boolean v6Text = address.indexOf(':') >= 0;
        InetAddress network = v6Text ? parseV6(address) : parseV4(address);
        if (v6Text && network instanceof Inet4Address) {
            // ::ffff:a.b.c.d/n: Java hands back the IPv4 address; its prefix counts from bit 96.
            if (length < 96) {
                throw new IllegalArgumentException("an IPv4-mapped block needs a prefix of at least 96");
            }
            length -= 96;
        }
        into.add(network, length);
    }

    /** Dotted quad only: never a host name, so loading a file never waits for DNS. */
    private static InetAddress parseV4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address");
        }
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("not an IPv4 address");
            }
            a[i] = (byte) Integer.parseInt(p);
        }
        return byAddress(a);
    }

    private static InetAddress parseV6(String text) {
        // InetAddress takes text as a literal only if it starts with a hex digit or ':'; ".:1" would be resolved.
        if (text.charAt(0) == '.') {
            throw new IllegalArgumentException("not an IPv6 address");
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            boolean ok = ch == ':' || ch == '.' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')
                    || (ch >= 'A' && ch <= 'F');
            if (!ok) {
                throw new IllegalArgumentException("not an IPv6 address");
            }
        }
        try {
            // A literal with ':' and hex digits only is parsed, never resolved.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address", e);
        }
    }

    private static InetAddress byAddress(byte[] a) {
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }
}
