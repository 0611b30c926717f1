package org.pippin.registrar;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.TreeSet;
import org.pippin.identity.IdentityException;
import org.pippin.identity.LinkedNumbers;
import org.pippin.protocol.Numbers;

/**
 * The registrar's answer about a number's links: the owner's LINKED_NUMBERS record (absent if none) and the external
 * numbers verified for that owner.
 *
 * <pre>
 *  listLen:u16 list  count:u8  count x (len:u8 ASCII number)
 * </pre>
 */
public final class Links {

    /** The owner's record, or null when none is set. */
    public final LinkedNumbers list;
    /** External numbers verified for the owner, sorted. */
    public final Collection<String> verified;

    private Links(LinkedNumbers list, Collection<String> verified) {
        this.list = list;
        this.verified = verified;
    }

    static byte[] encode(byte[] signedList, Collection<String> verified) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(signedList.length + 16 * verified.size() + 3);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeShort(signedList.length);
            out.write(signedList);
            out.writeByte(verified.size());
            for (String n : verified) {
                out.writeByte(n.length());
                out.writeBytes(n);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IOException naming what is wrong, for bytes that are no answer of this form */
    public static Links decode(byte[] record) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(record));
        try {
            byte[] signed = new byte[in.readUnsignedShort()];
            in.readFully(signed);
            LinkedNumbers list = signed.length == 0 ? null : LinkedNumbers.decode(signed, 0, signed.length);
            TreeSet<String> verified = new TreeSet<>();
            for (int i = in.readUnsignedByte(); i > 0; i--) {
                byte[] n = new byte[in.readUnsignedByte()];
                in.readFully(n);
                String number = new String(n, java.nio.charset.StandardCharsets.US_ASCII);
                if (!Numbers.isValid(number) || !LinkedNumbers.isExternal(number)) {
                    throw new IOException("links: verified entry is not an external number");
                }
                verified.add(number);
            }
            if (in.available() > 0) {
                throw new IOException("links: " + in.available() + " bytes after the verified numbers");
            }
            return new Links(list, Collections.unmodifiableSet(verified));
        } catch (EOFException e) {
            throw new IOException("links: truncated", e);
        } catch (IdentityException e) {
            throw new IOException("links: " + e.getMessage(), e);
        }
    }
}
