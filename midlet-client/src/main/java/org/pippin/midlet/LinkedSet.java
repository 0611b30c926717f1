package org.pippin.midlet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Vector;

import org.pippin.identity.LinkedNumbers;

/**
 * The linked numbers of one owned number as the network last accepted them (the relay does not send them back, so
 * the phone keeps them), and which external ones the owner verified with a code.
 *
 * <pre>
 * record: u8 version (1) | u8 count | count x entry
 * entry:  UTF owner | u32 sequence | u8 rule | u8 step seconds | u8 n | n x (UTF number | u8 verified)
 * </pre>
 */
final class LinkedSet {
    private static final int VERSION = 1;

    final String owner;
    /** Sequence of the last list the network accepted; 0 before the first. */
    long sequence;
    int rule = LinkedNumbers.RING_ALL;
    int stepSeconds = 20;
    /** Linked numbers (Strings) in ring order, and the external ones verified for this owner. */
    final Vector numbers = new Vector();
    final Vector verified = new Vector();

    LinkedSet(String owner) {
        this.owner = owner;
    }

    /** The set of {@code owner} in {@code sets}, added empty when there is none yet. */
    static LinkedSet of(Vector sets, String owner) {
        for (int i = 0; i < sets.size(); i++) {
            LinkedSet s = (LinkedSet) sets.elementAt(i);
            if (s.owner.equals(owner)) {
                return s;
            }
        }
        LinkedSet s = new LinkedSet(owner);
        sets.addElement(s);
        return s;
    }

    /** @throws IOException if the record is damaged or of another version */
    static void decode(byte[] b, Vector out) throws IOException {
        if (b == null || b.length == 0) {
            return;
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("linked numbers record version " + version + ", expected " + VERSION);
        }
        int count = in.readUnsignedByte();
        for (int i = 0; i < count; i++) {
            LinkedSet s = new LinkedSet(in.readUTF());
            s.sequence = in.readInt() & 0xFFFFFFFFL;
            s.rule = in.readUnsignedByte();
            s.stepSeconds = in.readUnsignedByte();
            int n = in.readUnsignedByte();
            if (n > LinkedNumbers.MAX_LINKS) {
                throw new IOException(n + " linked numbers for " + s.owner + ", at most " + LinkedNumbers.MAX_LINKS);
            }
            for (int j = 0; j < n; j++) {
                String number = in.readUTF();
                s.numbers.addElement(number);
                if (in.readUnsignedByte() != 0) {
                    s.verified.addElement(number);
                }
            }
            out.addElement(s);
        }
        if (in.available() > 0) {
            throw new IOException(in.available() + " bytes after the linked numbers");
        }
    }

    static byte[] encode(Vector sets) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(VERSION);
            out.writeByte(sets.size());
            for (int i = 0; i < sets.size(); i++) {
                LinkedSet s = (LinkedSet) sets.elementAt(i);
                out.writeUTF(s.owner);
                out.writeInt((int) s.sequence);
                out.writeByte(s.rule);
                out.writeByte(s.stepSeconds);
                out.writeByte(s.numbers.size());
                for (int j = 0; j < s.numbers.size(); j++) {
                    String number = (String) s.numbers.elementAt(j);
                    out.writeUTF(number);
                    out.writeByte(s.verified.contains(number) ? 1 : 0);
                }
            }
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; a phone out of memory throws OutOfMemoryError instead.
            throw new IllegalStateException("cannot encode linked numbers: " + e.getMessage());
        }
        return bytes.toByteArray();
    }

    /** Takes the list the network accepted; verifications of numbers still linked are kept. */
    void accepted(long sequence, int rule, int stepSeconds, String[] linked) {
        this.sequence = sequence;
        this.rule = rule;
        this.stepSeconds = stepSeconds;
        numbers.removeAllElements();
        Vector still = new Vector();
        for (int i = 0; i < linked.length; i++) {
            numbers.addElement(linked[i]);
            if (verified.contains(linked[i])) {
                still.addElement(linked[i]);
            }
        }
        verified.removeAllElements();
        for (int i = 0; i < still.size(); i++) {
            verified.addElement(still.elementAt(i));
        }
    }

    /** How the number reads in the list: external ones say whether they ring yet. */
    String label(String number) {
        if (!LinkedNumbers.isExternal(number)) {
            return number;
        }
        return number + (verified.contains(number) ? " (verified)" : " (not verified)");
    }
}
