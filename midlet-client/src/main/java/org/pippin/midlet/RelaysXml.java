package org.pippin.midlet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;

import org.kxml2.io.KXmlParser;
import org.pippin.protocol.RelayList;
import org.xmlpull.v1.XmlPullParser;
import org.xmlpull.v1.XmlPullParserException;

/**
 * Reads a relay's {@code /relays.xml} (MIDP promises HTTP, not UDP or TCP, so this is how a phone that reaches no
 * relay learns others) with the kXML2 pull parser:
 *
 * <pre>
 * &lt;relays&gt;&lt;relay address="host:port" spare-kbps="480"/&gt;...&lt;/relays&gt;
 * </pre>
 *
 * Elements and attributes it does not know are skipped, so a later relay may add some; a {@code relay} whose address
 * is not {@code host:port} or whose spare uplink is not a u32 is left out; at most {@link RelayList#MAX_RELAYS} are
 * taken. The document is read whole into a buffer of at most {@link #MAX_BYTES} first.
 */
final class RelaysXml {

    /** Sixteen relays with long host names fit; anything bigger is not a relay list. */
    static final int MAX_BYTES = 8192;

    private RelaysXml() {
    }

    /** Reads at most {@link #MAX_BYTES} from {@code in} and parses them. */
    static RelayList read(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_BYTES];
        int len = 0;
        while (true) {
            if (len == buf.length) {
                if (in.read() >= 0) {
                    throw new IOException("relay list larger than " + MAX_BYTES + " bytes");
                }
                break;
            }
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                break;
            }
            len += n;
        }
        return parse(buf, 0, len);
    }

    /** Parses {@code buf[off..off+len)}; IOException (saying where) for anything that is not a relay list. */
    static RelayList parse(byte[] buf, int off, int len) throws IOException {
        String[] addresses = new String[RelayList.MAX_RELAYS];
        long[] spare = new long[RelayList.MAX_RELAYS];
        int n = 0;
        KXmlParser p = new KXmlParser();
        try {
            p.setInput(new InputStreamReader(new ByteArrayInputStream(buf, off, len), "UTF-8"));
            p.nextTag();
            p.require(XmlPullParser.START_TAG, null, "relays");
            while (p.nextTag() == XmlPullParser.START_TAG) {
                if ("relay".equals(p.getName()) && n < addresses.length) {
                    String a = p.getAttributeValue(null, "address");
                    long s = u32(p.getAttributeValue(null, "spare-kbps"));
                    if (RelayBook.isAddress(a) && s >= 0) {
                        addresses[n] = a;
                        spare[n] = s;
                        n++;
                    }
                }
                skipRest(p);
            }
            p.require(XmlPullParser.END_TAG, null, "relays");
        } catch (XmlPullParserException e) {
            throw new IOException("not a relay list: " + e.getMessage());
        } catch (RuntimeException e) {
            // kXML2 reports some malformed input (a bad entity, a broken character reference) this way.
            throw new IOException("not a relay list: " + e.toString());
        }
        String[] a = new String[n];
        long[] s = new long[n];
        System.arraycopy(addresses, 0, a, 0, n);
        System.arraycopy(spare, 0, s, 0, n);
        return new RelayList(a, s);
    }

    /** Skips the rest of the element whose START_TAG the parser is on, children included. */
    private static void skipRest(KXmlParser p) throws XmlPullParserException, IOException {
        int depth = 1;
        while (depth > 0) {
            int e = p.next();
            if (e == XmlPullParser.START_TAG) {
                depth++;
            } else if (e == XmlPullParser.END_TAG) {
                depth--;
            } else if (e == XmlPullParser.END_DOCUMENT) {
                throw new XmlPullParserException("document ends inside <" + p.getName() + ">", p, null);
            }
        }
    }

    /** A decimal 0..4294967295, or -1. */
    private static long u32(String v) {
        if (v == null || v.length() == 0 || v.length() > 10) {
            return -1;
        }
        long x = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            x = x * 10 + (c - '0');
        }
        return x <= 0xFFFFFFFFL ? x : -1;
    }
}
