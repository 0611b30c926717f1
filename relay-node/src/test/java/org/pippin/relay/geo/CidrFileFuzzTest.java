package org.pippin.relay.geo;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The geo CIDR file parser on arbitrary text: a file loads or fails with {@link CidrFile.FormatException}; a line
 * fails with IllegalArgumentException and is never looked up in DNS (the resolver's own error would show it was); an
 * accepted block contains its own network address.
 */
class CidrFileFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void read(@NotNull String text) throws IOException {
        try {
            CidrFile.read(new StringReader(text), "fuzz", new AddressRanges.Builder());
        } catch (CidrFile.FormatException e) {
            assertTrue(e.getMessage().startsWith("fuzz:"), e.getMessage());
        }
        for (String line : text.split("\n")) {
            String cidr = line.trim();
            AddressRanges.Builder one = new AddressRanges.Builder();
            try {
                CidrFile.add(cidr, one);
            } catch (IllegalArgumentException e) {
                if (e.getCause() instanceof UnknownHostException u && !u.getMessage().contains("literal")) {
                    fail("'" + cidr + "' was looked up: " + u.getMessage());
                }
                continue;
            }
            AddressRanges ranges = one.build();
            InetAddress network = InetAddress.getByName(cidr.substring(0, cidr.indexOf('/')));
            assertTrue(ranges.contains(network), cidr + " does not contain " + network);
        }
    }
}
