package org.pippin.midlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.pippin.protocol.RelayList;

/** relays.xml as a relay's web face writes it, as a later one might, and as no relay does. */
class RelaysXmlTest {

    private static RelayList parse(String xml) throws IOException {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        return RelaysXml.read(new ByteArrayInputStream(b));
    }

    @Test
    void whatARelayServes() throws Exception {
        RelayList l = parse("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<relays>\n"
                + "<relay address=\"127.0.0.1:7101\" spare-kbps=\"480\"/>\n"
                + "<relay address=\"r2.example:443\" spare-kbps=\"4294967295\"/>\n</relays>\n");
        assertEquals(2, l.size());
        assertEquals("127.0.0.1:7101", l.relay(0));
        assertEquals(480, l.spareKbps(0));
        assertEquals("r2.example:443", l.relay(1));
        assertEquals(4294967295L, l.spareKbps(1));
        assertEquals(0, parse("<relays></relays>").size());
        assertEquals(0, parse("<?xml version=\"1.0\"?><relays/>").size());
    }

    @Test
    void unknownElementsAndAttributesAreSkippedBadEntriesLeftOut() throws Exception {
        RelayList l = parse("<relays version=\"2\"><!-- note --><region name=\"kw\"><relay address=\"x:1\" "
                + "spare-kbps=\"1\"/></region><relay address=\"a.example:7070\" spare-kbps=\"64\" load=\"3\">"
                + "<extra/></relay><relay address=\"no-port\" spare-kbps=\"5\"/><relay address=\"b:2\" "
                + "spare-kbps=\"4294967296\"/><relay address=\"c:3\" spare-kbps=\"-1\"/><relay spare-kbps=\"5\"/>"
                + "<relay address=\"d e:4\" spare-kbps=\"5\"/><relay address=\"a&amp;b:5\" spare-kbps=\"6\"/>"
                + "</relays>");
        assertEquals(2, l.size(), l.toString());
        assertEquals("a.example:7070", l.relay(0));
        assertEquals("a&b:5", l.relay(1));
    }

    @Test
    void atMostSixteenAreTaken() throws Exception {
        StringBuilder sb = new StringBuilder("<relays>");
        for (int i = 1; i <= 20; i++) {
            sb.append("<relay address=\"r").append(i).append(":7070\" spare-kbps=\"").append(i).append("\"/>");
        }
        RelayList l = parse(sb.append("</relays>").toString());
        assertEquals(RelayList.MAX_RELAYS, l.size());
        assertEquals("r16:7070", l.relay(15));
    }

    @Test
    void whatIsNoRelayListSaysSo() {
        String html = assertThrows(IOException.class, () -> parse("<html><body/></html>")).getMessage();
        assertTrue(html.startsWith("not a relay list: expected: START_TAG {null}relays (position:START_TAG <html>@1:6"),
                html);
        assertTrue(assertThrows(IOException.class, () -> parse("<relays><relay address=\"a:1\" spare-kbps=\"1\"/>"))
                .getMessage().startsWith("not a relay list: "));
        assertTrue(assertThrows(IOException.class, () -> parse("")).getMessage().startsWith("not a relay list: "));
        assertTrue(assertThrows(IOException.class, () -> parse("<relays>text</relays>")).getMessage()
                .startsWith("not a relay list: "));
        String big = "<relays>" + " ".repeat(RelaysXml.MAX_BYTES) + "</relays>";
        assertEquals("relay list larger than 8192 bytes", assertThrows(IOException.class, () -> parse(big))
                .getMessage());
    }
}
