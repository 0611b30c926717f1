package org.pippin.relay.floods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pippin.relay.RelayConfig;

class FloodConfigTest {

    @Test
    void defaults() throws Exception {
        FloodConfig c = RelayConfig.of().floods;
        assertEquals(60, c.attachMax);
        assertEquals(60, c.attachSeconds);
        assertEquals(60, c.inviteMax);
        assertEquals(60, c.inviteSeconds);
        assertEquals(10, c.sessionInviteMax);
        assertEquals(60, c.sessionInviteSeconds);
        assertEquals(20, c.answersMax);
        assertEquals(10, c.answersSeconds);
        assertEquals(100_000, c.tracked);
        assertEquals("attach 60/60s, invite 60/60s per address, 10/60s per session, answers 20/10s per address, "
                + "tracked 100000", c.toString());
    }

    @Test
    void unsafeValuesAreClampedWithAWarningNamingTheKey() throws Exception {
        RelayConfig r = RelayConfig.of("floods.attach.max=0", "floods.session.invite.seconds=100000",
                "floods.tracked=5");
        assertEquals(1, r.floods.attachMax);
        assertEquals(86_400, r.floods.sessionInviteSeconds);
        assertEquals(1000, r.floods.tracked);
        assertEquals(List.of("floods.attach.max=0 is outside 1..1000000; using 1",
                "floods.session.invite.seconds=100000 is outside 1..86400; using 86400",
                "floods.tracked=5 is outside 1000..10000000; using 1000"), r.warnings);
    }

    @Test
    void unreadableValuesStopTheRelay() {
        assertEquals("floods.invite.max must be a whole number, got 'many'",
                assertThrows(RelayConfig.ConfigException.class, () -> RelayConfig.of("floods.invite.max=many"))
                        .getMessage());
        assertEquals("unknown config key 'floods.invites.max'", assertThrows(RelayConfig.ConfigException.class,
                () -> RelayConfig.of("floods.invites.max=3")).getMessage());
    }
}
