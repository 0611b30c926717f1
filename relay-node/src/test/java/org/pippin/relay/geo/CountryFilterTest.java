package org.pippin.relay.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountryFilterTest {

    @TempDir
    Path dir;

    private static GeoConfig config(String... kv) {
        Properties p = new Properties();
        p.setProperty("geo.allow.loopback", "false");
        p.setProperty("geo.allow.private", "false");
        for (String s : kv) {
            int eq = s.indexOf('=');
            p.setProperty(s.substring(0, eq), s.substring(eq + 1));
        }
        return GeoConfig.from(p);
    }

    private static boolean allows(CountryFilter f, String address) throws IOException {
        return f.allows(InetAddress.getByName(address));
    }

    @Test
    void builtInKuwait() throws Exception {
        CountryFilter f = CountryFilter.load(config("network.countries=kw"));
        assertTrue(allows(f, "31.203.1.1"));
        assertTrue(allows(f, "2a00:1850::1"));
        assertFalse(allows(f, "8.8.8.8"));
        assertFalse(allows(f, "127.0.0.1"));
        assertFalse(allows(f, "192.168.1.1"));
        assertTrue(f.toString().startsWith("KW ("), f.toString());
    }

    @Test
    void loopbackAndPrivateWhenAllowed() throws Exception {
        CountryFilter f = CountryFilter.load(config("network.countries=KW", "geo.allow.loopback=true",
                "geo.allow.private=true"));
        for (String a : new String[] {"127.0.0.1", "127.255.0.3", "::1", "10.1.2.3", "172.31.255.255",
            "192.168.0.1", "100.64.0.1", "100.127.255.255", "169.254.1.1", "fd00::1", "fe80::1"}) {
            assertTrue(allows(f, a), a);
        }
        for (String a : new String[] {"172.32.0.0", "100.128.0.0", "11.0.0.0", "8.8.8.8", "2001:db8::1"}) {
            assertFalse(allows(f, a), a);
        }
    }

    @Test
    void noCountriesNoFilesServesEveryone() throws Exception {
        CountryFilter f = CountryFilter.load(config("network.countries="));
        assertFalse(f.restricted());
        assertTrue(allows(f, "8.8.8.8"));
    }

    @Test
    void countryListsFromADirectoryAndExtraFiles() throws Exception {
        Files.writeString(dir.resolve("zz-ipv4.cidr"), "203.0.113.0/24\n");
        Files.writeString(dir.resolve("extra.cidr"), "# lab\n198.51.100.7/32\n");
        CountryFilter f = CountryFilter.load(config("network.countries=ZZ", "geo.dir=" + dir,
                "geo.files=" + dir.resolve("extra.cidr")));
        assertTrue(allows(f, "203.0.113.9"));
        assertTrue(allows(f, "198.51.100.7"));
        assertFalse(allows(f, "198.51.100.8"));
        assertFalse(allows(f, "31.203.1.1"), "KW is not ZZ");
    }

    @Test
    void missingOrBadListsStopTheRelay() throws Exception {
        IOException none = assertThrows(IOException.class, () -> CountryFilter.load(config("network.countries=ZZ")));
        assertEquals("no address list for country ZZ: expected geo.dir to name a directory with zz-ipv4.cidr "
                + "(only KW is built in)", none.getMessage());
        Files.writeString(dir.resolve("bad.cidr"), "10.0.0.0/8\nten/8\n");
        IOException bad = assertThrows(IOException.class,
                () -> CountryFilter.load(config("geo.files=" + dir.resolve("bad.cidr"))));
        assertEquals(dir.resolve("bad.cidr") + ":2: 'ten/8': not an IPv4 address", bad.getMessage());
    }

    @Test
    void configErrorsNameTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config("network.countries=KWT"));
        assertEquals("network.countries: 'KWT' is not a two-letter country code", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config("geo.allow.private=yes"));
        assertEquals("geo.allow.private must be true or false, got 'yes'", e.getMessage());
    }
}
