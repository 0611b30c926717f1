package org.pippin.relay.ddns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.relay.RelayConfig;
import org.pippin.relay.RelayConfig.ConfigException;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

class DdnsConfigTest {

    static final String SECRET = "c2VjcmV0IG9mIHRoZSB0ZXN0IGtleSwgMzIgYnl0ZXMhIQ==";

    @TempDir
    Path dir;

    static final String[] RFC2136 = {"ddns.protocol=rfc2136", "ddns.address.fixed=203.0.113.7",
        "ddns.name=relay1.pippin.test", "ddns.server=127.0.0.1:5353", "ddns.zone=pippin.test",
        "ddns.tsig.name=relay-key", "ddns.tsig.secret=" + SECRET};

    static DdnsConfig with(String[] base, String... more) throws ConfigException {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return RelayConfig.load(null, all).ddns;
    }

    private static String error(String[] base, String... more) {
        return assertThrows(ConfigException.class, () -> with(base, more)).getMessage();
    }

    @Test
    void offByDefault() throws Exception {
        DdnsConfig c = RelayConfig.of().ddns;
        assertFalse(c.enabled());
        assertEquals("ddns=off", c.toString());
        assertEquals(300, c.checkSeconds);
        assertEquals(60, c.ttl);
    }

    @Test
    void rfc2136() throws Exception {
        DdnsConfig c = with(RFC2136);
        assertEquals(Name.fromString("relay1.pippin.test."), c.name);
        assertEquals(Name.fromString("pippin.test."), c.zone);
        assertEquals("127.0.0.1", c.serverHost);
        assertEquals(5353, c.serverPort);
        assertEquals(TSIG.HMAC_SHA256, c.tsigAlgorithm);
        assertEquals(Name.fromString("relay-key."), c.tsigName);
        assertEquals(53, with(RFC2136, "ddns.server=ns1.pippin.test").serverPort);
        assertEquals(TSIG.HMAC_SHA512, with(RFC2136, "ddns.tsig.algorithm=HMAC-SHA512").tsigAlgorithm);
    }

    @Test
    void keyFileInBindFormat() throws Exception {
        Path f = dir.resolve("k.key");
        Files.writeString(f, "# made by tsig-keygen\nkey \"other\" {\n\talgorithm hmac-sha512;\n\tsecret \"" + SECRET
                + "\";\n};\n/* the relay's */\nkey \"relay-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET
                + "\";\n};\n");
        DdnsConfig c = with(RFC2136, "ddns.tsig.secret=", "ddns.tsig.keyfile=" + f);
        assertEquals(Name.fromString("relay-key."), c.tsigName);
        assertEquals(TSIG.HMAC_SHA256, c.tsigAlgorithm);
        assertEquals(SECRET, c.tsigSecret);
        assertEquals("ddns.tsig.keyfile " + f + " holds 2 key(s), none named nobody",
                error(RFC2136, "ddns.tsig.secret=", "ddns.tsig.keyfile=" + f, "ddns.tsig.name=nobody"));
        Files.writeString(f, "key \"k\" { algorithm hmac-sha256; secret \"ab//c#d/*e+==\"; }; // base64 has '/'\n");
        assertEquals("ab//c#d/*e+==", BindKeyFile.parse(Files.readString(f)).get(0).secret);
        Files.writeString(f, "key \"k\" { algorithm hmac-sha256; };");
        assertEquals("ddns.tsig.keyfile " + f + ": key k needs both algorithm and secret",
                error(RFC2136, "ddns.tsig.secret=", "ddns.tsig.keyfile=" + f));
        Files.writeString(f, "options { };");
        assertEquals("ddns.tsig.keyfile " + f + ": expected 'key \"name\" { algorithm ...; secret \"...\"; };'"
                + " at offset 0", error(RFC2136, "ddns.tsig.secret=", "ddns.tsig.keyfile=" + f));
        assertEquals("ddns.tsig.secret and ddns.tsig.keyfile are exclusive: set one",
                error(RFC2136, "ddns.tsig.keyfile=" + f));
    }

    @Test
    void errorsNameTheKey() {
        assertEquals("ddns.protocol must be off, rfc2136 or dyndns2, got 'nsupdate'",
                error(new String[] {"ddns.protocol=nsupdate"}));
        assertEquals("ddns.protocol=rfc2136 needs exactly one of ddns.address.url, ddns.address.interface,"
                + " ddns.address.fixed", error(RFC2136, "ddns.address.interface=eth0"));
        assertEquals("ddns.address.fixed: not an IP address: 'relay.example'",
                error(RFC2136, "ddns.address.fixed=relay.example"));
        assertEquals("ddns.address.url must be http:// or https:// URLs, got 'ftp://x/'",
                error(RFC2136, "ddns.address.fixed=", "ddns.address.url=ftp://x/"));
        assertEquals("ddns.name relay1.elsewhere.test. is not inside ddns.zone pippin.test.",
                error(RFC2136, "ddns.name=relay1.elsewhere.test"));
        assertEquals("ddns.tsig.algorithm: unknown TSIG algorithm 'hmac-rot13'",
                error(RFC2136, "ddns.tsig.algorithm=hmac-rot13"));
        assertEquals("ddns.tsig.secret: the TSIG secret is not base64", error(RFC2136, "ddns.tsig.secret=%%%"));
        assertEquals("ddns.server port must be 1..65535, got '0'", error(RFC2136, "ddns.server=127.0.0.1:0"));
        assertEquals("ddns.zone must not be empty", error(RFC2136, "ddns.zone="));
        assertEquals("ddns.protocol=dyndns2 needs one ddns.dyndns2.url",
                error(new String[] {"ddns.protocol=dyndns2", "ddns.address.fixed=203.0.113.7",
                    "ddns.name=relay1.example.net"}));
        assertEquals("unknown config key 'ddns.tsig.key'", error(RFC2136, "ddns.tsig.key=x"));
    }

    @Test
    void unsafeValuesAreClamped() throws Exception {
        RelayConfig r = RelayConfig.load(null, List.of("ddns.check.seconds=1", "ddns.ttl=5",
                "ddns.retry.seconds=60", "ddns.retry.max.seconds=10"));
        assertEquals(10, r.ddns.checkSeconds);
        assertEquals(30, r.ddns.ttl);
        assertEquals(60, r.ddns.retryMaxSeconds);
        assertEquals(List.of("ddns.check.seconds=1 is outside 10..86400; using 10",
                "ddns.retry.max.seconds=10 is outside 60..86400; using 60",
                "ddns.ttl=5 is outside 30..86400; using 30"), r.warnings);
    }
}
