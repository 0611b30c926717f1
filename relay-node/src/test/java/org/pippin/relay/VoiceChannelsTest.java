package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.VoicePacket;

class VoiceChannelsTest {

    private static Leg leg() {
        return new Call(1, "1", null, "2", null, 2, 100, 0).caller;
    }

    @Test
    void channelsStartAtOneAndAreBounded() {
        VoiceChannels table = new VoiceChannels(3);
        Leg a = leg();
        assertEquals(1, table.allocate(a));
        assertEquals(2, table.allocate(leg()));
        assertEquals(3, table.allocate(leg()));
        assertEquals(0, table.free());
        assertThrows(IllegalStateException.class, () -> table.allocate(leg()));
        assertSame(a, table.get(1));
        assertNull(table.get(0));
        assertNull(table.get(4));
        assertNull(table.get(VoicePacket.MAX_CHANNEL + 1));
    }

    @Test
    void freedChannelsAreReusedAsLateAsPossibleAndNeverZero() {
        VoiceChannels table = new VoiceChannels(VoicePacket.MAX_CHANNEL);
        int first = table.allocate(leg());
        table.release(first);
        assertEquals(2, table.allocate(leg()), "not the channel just freed");
        for (int i = 3; i <= VoicePacket.MAX_CHANNEL; i++) {
            table.release(table.allocate(leg()));
        }
        assertEquals(1, table.allocate(leg()), "wraps to 1, skipping 0");
        assertEquals(3, table.allocate(leg()), "skips 2, still in use");
    }
}
