package org.pippin.identity;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.pippin.protocol.VoicePacket;
import org.pippin.protocol.Wire;

/**
 * Encrypts and authenticates voice packets in place for one direction of one call, adding {@link #TAG_SIZE} bytes to
 * the 4-byte voice header: 8 bytes of overhead in all. Nothing is allocated per packet.
 *
 * <pre>
 * +--------------------------+---------------------------------------+-----------+
 * | voice header (4, clear)  | codec frames, ChaCha20-encrypted ...  | tag (4)   |
 * +--------------------------+---------------------------------------+-----------+
 * </pre>
 *
 * <p>The 16-bit header sequence is extended to a 64-bit packet index (a roll-over count kept on both sides, as SRTP
 * does); the ChaCha20 nonce is {@code 0x00000000 || index} and every direction has its own key, so no nonce is ever
 * used twice. The tag is the first 4 bytes of HMAC-SHA256(mac key, index || ciphertext): it covers the sequence
 * through the index, but not the channel, which relays rewrite in place.
 *
 * <p>Why 32 bits of tag suffice for voice: a forger's chance per packet is 2^-32. A relay injecting a packet every
 * millisecond for a whole hour (far beyond a GPRS link) expects 0.0008 successes, and one success buys 100 ms of
 * noise in one call, nothing more: keys are per call and a forgery reveals nothing about them. The receiver counts
 * {@link #failures()} so the call can be ended on a flood. Speech has no value to forge that would justify 8 more
 * bytes in every packet on a 13 kbit/s link.
 *
 * <p>Replays and old packets are refused with a 64-packet window behind the highest index received.
 */
public final class VoiceCipher {
    public static final int TAG_SIZE = Wire.VOICE_TAG;
    /** Packets behind the newest one that may still arrive (reordering); older ones are refused. */
    public static final int WINDOW = 64;

    private final ChaCha20 chacha;
    private final HMac hmac = new HMac(new SHA256Digest());
    private final byte[] indexBytes = new byte[8];
    private final byte[] mac = new byte[32];
    private long highest = -1;
    private long window;
    private int failures;

    /** @param encKey 32-byte ChaCha20 key; @param macKey 32-byte HMAC key; both for this direction only */
    public VoiceCipher(byte[] encKey, byte[] macKey) {
        if (macKey == null || macKey.length != 32) {
            throw new IllegalArgumentException("MAC key must be 32 bytes");
        }
        chacha = new ChaCha20(encKey);
        hmac.init(new KeyParameter(macKey));
    }

    /**
     * Encrypts the payload of the packet at {@code buf[off..off+len)} (header included) and appends the tag.
     *
     * @return the new length, {@code len + TAG_SIZE}
     * @throws IllegalStateException if the header's sequence does not move forward (the nonce would repeat)
     */
    public int seal(byte[] buf, int off, int len) {
        if (len < VoicePacket.HEADER || off < 0 || off + len + TAG_SIZE > buf.length) {
            throw new IllegalArgumentException("voice packet of " + len + " bytes at " + off + " needs "
                + TAG_SIZE + " spare bytes in a buffer of " + buf.length);
        }
        long index = extend(VoicePacket.sequence(buf, off));
        if (index <= highest) {
            throw new IllegalStateException("voice sequence " + index + " not after " + highest
                + ": a nonce would repeat");
        }
        highest = index;
        crypt(index, buf, off + VoicePacket.HEADER, len - VoicePacket.HEADER);
        tag(index, buf, off + VoicePacket.HEADER, len - VoicePacket.HEADER);
        System.arraycopy(mac, 0, buf, off + len, TAG_SIZE);
        return len + TAG_SIZE;
    }

    /**
     * Checks and decrypts the packet at {@code buf[off..off+len)} in place.
     *
     * @return the length without the tag, or -1 if the packet is too short, forged, replayed or too old (counted in
     *     {@link #failures()})
     */
    public int open(byte[] buf, int off, int len) {
        if (len < VoicePacket.HEADER + TAG_SIZE) {
            failures++;
            return -1;
        }
        long index = extend(VoicePacket.sequence(buf, off));
        int payload = len - VoicePacket.HEADER - TAG_SIZE;
        if (index < 0 || seen(index)) {
            failures++;
            return -1;
        }
        tag(index, buf, off + VoicePacket.HEADER, payload);
        int diff = 0;
        for (int i = 0; i < TAG_SIZE; i++) {
            diff |= mac[i] ^ buf[off + len - TAG_SIZE + i];
        }
        if (diff != 0) {
            failures++;
            return -1;
        }
        accept(index);
        crypt(index, buf, off + VoicePacket.HEADER, payload);
        return len - TAG_SIZE;
    }

    /** Packets refused by {@link #open} so far. */
    public int failures() {
        return failures;
    }

    /** The 64-bit index whose low 16 bits are {@code seq}, nearest the highest index so far. */
    long extend(int seq) {
        if (highest < 0) {
            return seq;
        }
        long candidate = (highest & ~0xFFFFL) | seq;
        if (candidate - highest > 0x8000) {
            candidate -= 0x10000;
        } else if (highest - candidate > 0x8000) {
            candidate += 0x10000;
        }
        return candidate;
    }

    private boolean seen(long index) {
        if (index > highest) {
            return false;
        }
        long behind = highest - index;
        return behind >= WINDOW || (window >>> behind & 1) != 0;
    }

    private void accept(long index) {
        if (index > highest) {
            long shift = index - highest;
            window = shift >= WINDOW ? 1 : window << shift | 1;
            highest = index;
        } else {
            window |= 1L << (highest - index);
        }
    }

    private void crypt(long index, byte[] buf, int off, int len) {
        chacha.nonce(0, swap((int) (index >>> 32)), swap((int) index));
        chacha.xor(0, buf, off, len);
    }

    private void tag(long index, byte[] buf, int off, int len) {
        for (int i = 0; i < 8; i++) {
            indexBytes[i] = (byte) (index >>> (56 - 8 * i));
        }
        hmac.update(indexBytes, 0, 8);
        hmac.update(buf, off, len);
        hmac.doFinal(mac, 0);
    }

    /** Nonce words are little-endian; this makes the nonce bytes read as the big-endian index. */
    private static int swap(int v) {
        return (v & 0xFF) << 24 | (v & 0xFF00) << 8 | (v >>> 8 & 0xFF00) | v >>> 24;
    }
}
