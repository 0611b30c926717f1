package org.pippin.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class RegistrarConfigTest {

    @Test
    void defaultsAreAnEmbeddedSingleMemberGroup() throws Exception {
        RegistrarConfig c = RegistrarConfig.of();
        assertEquals("r1", c.self);
        assertEquals(List.of(new RegistrarConfig.Member("r1", "127.0.0.1", 7071)), c.members);
        assertEquals(Path.of("pippin-data/registrar"), c.storageDir);
        assertEquals(8, c.network.digits);
        assertEquals(30, c.network.quarantineDays);
        assertEquals(365, c.network.inactivityDays);
        assertEquals(16, c.network.difficulty);
        assertEquals(List.of(new NetworkSettings.Range(0, 9_999_999)), c.network.reserved);
        assertEquals(1000, c.electionTimeoutMillis);
        assertTrue(c.warnings.isEmpty());
    }

    @Test
    void threeMembers() throws Exception {
        RegistrarConfig c = RegistrarConfig.of("registrar.members=a@10.0.0.1:7071, b@10.0.0.2:7071,c@[::1]:7072",
                "registrar.self=b");
        assertEquals(3, c.members.size());
        assertEquals(new RegistrarConfig.Member("c", "[::1]", 7072), c.members.get(2));
        assertEquals("10.0.0.2:7071", c.selfMember().address());
    }

    @Test
    void unsafeValuesAreClampedWithAWarningNamingTheKey() throws Exception {
        RegistrarConfig c = RegistrarConfig.of("registrar.pow.difficulty=2", "registrar.quarantine.days=0",
                "registrar.inactivity.days=99999");
        assertEquals(NetworkSettings.MIN_DIFFICULTY, c.network.difficulty);
        assertEquals(1, c.network.quarantineDays);
        assertEquals(3650, c.network.inactivityDays);
        assertEquals(List.of("registrar.pow.difficulty=2 is outside 8..32; using 8",
                "registrar.quarantine.days=0 is outside 1..3650; using 1",
                "registrar.inactivity.days=99999 is outside 30..3650; using 3650"), c.warnings);
    }

    @Test
    void reservedRangesFollowThePlan() throws Exception {
        RegistrarConfig c = RegistrarConfig.of("registrar.plan.digits=6",
                "registrar.plan.reserved=000000-099999, 112112 ,999000-999999");
        assertEquals(List.of(new NetworkSettings.Range(0, 99_999), new NetworkSettings.Range(112_112, 112_112),
                new NetworkSettings.Range(999_000, 999_999)), c.network.reserved);
        assertTrue(c.network.isReserved(112_112));
        assertEquals("001234", c.network.format(1234));
    }

    @Test
    void badValuesAreErrorsNamingTheKey() {
        assertError("unknown config key 'registrar.quarantine.dayz'", "registrar.quarantine.dayz=3");
        assertError("registrar.group.id must be a UUID, got 'x'", "registrar.group.id=x");
        assertError("registrar.self 'r9' is not one of registrar.members, so registrar.trusted.keys must list the "
                + "members' public keys", "registrar.self=r9");
        assertError("registrar.members: 'r1@host' is not id@host:port", "registrar.members=r1@host");
        assertError("registrar.members: port in 'r1@h:0' must be 1..65535", "registrar.members=r1@h:0");
        assertError("registrar.members: 'r1@h:2' repeats an id or an address", "registrar.members=r1@h:1,r1@h:2");
        assertError("registrar.plan.reserved: '0000-0001' is not first-last with 8 digits each, first <= last",
                "registrar.plan.reserved=0000-0001");
        assertError("registrar.plan.reserved: '00000009-00000001' is not first-last with 8 digits each, first <= last",
                "registrar.plan.reserved=00000009-00000001");
        assertError("registrar.inactivity.days must be a whole number, got 'long'", "registrar.inactivity.days=long");
        assertError("registrar.members lists 8 members; at most 7",
                "registrar.members=r1@h:1,b@h:2,c@h:3,d@h:4,e@h:5,f@h:6,g@h:7,i@h:8");
    }

    @Test
    void aNodeThatIsNoMemberIsAClientTrustingTheListedKeys() throws Exception {
        String key = "00".repeat(31) + "ff";
        RegistrarConfig c = RegistrarConfig.of("registrar.self=", "registrar.trusted.keys=" + key);
        assertFalse(c.isMember());
        assertEquals(1, c.trustedKeys.size());
        assertEquals(-1, c.trustedKeys.get(0)[31]);
        assertTrue(c.enabled);
        assertEquals("registrar.self '' is not a member",
                assertThrows(IllegalStateException.class, c::selfMember).getMessage());
        assertError("registrar.trusted.keys: 'abc' is not a public key of 64 hex digits", "registrar.trusted.keys=abc");
        assertError("registrar.enabled must be true or false, got 'yes'", "registrar.enabled=yes");
    }

    @Test
    void fromANodesPropertiesTakesOnlyRegistrarKeysAndCollectsWarnings() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("listen.port", "7070");
        p.setProperty("registrar.workers", "0");
        java.util.List<String> warnings = new java.util.ArrayList<>(List.of("earlier"));
        RegistrarConfig c = RegistrarConfig.from(p, warnings);
        assertEquals(1, c.workers);
        assertEquals(List.of("earlier", "registrar.workers=0 is outside 1..64; using 1"), warnings);
        assertEquals(100_000, c.cacheRecords);
    }

    @Test
    void keysOutsideThePrefixAreLeftToTheirOwners() throws Exception {
        RegistrarConfig.of("listen.port=7070");
    }

    private static void assertError(String message, String... overrides) {
        RegistrarConfig.ConfigException e = assertThrows(RegistrarConfig.ConfigException.class,
                () -> RegistrarConfig.of(overrides));
        assertEquals(message, e.getMessage());
    }
}
