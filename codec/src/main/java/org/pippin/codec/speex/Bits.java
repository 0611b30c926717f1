/******************************************************************************
 *                                                                            *
 * Copyright (c) 1999-2003 Wimba S.A., All Rights Reserved.                   *
 *                                                                            *
 * COPYRIGHT:                                                                 *
 *      This software is the property of Wimba S.A.                           *
 *      This software is redistributed under the Xiph.org variant of          *
 *      the BSD license.                                                      *
 *      Redistribution and use in source and binary forms, with or without    *
 *      modification, are permitted provided that the following conditions    *
 *      are met:                                                              *
 *      - Redistributions of source code must retain the above copyright      *
 *      notice, this list of conditions and the following disclaimer.         *
 *      - Redistributions in binary form must reproduce the above copyright   *
 *      notice, this list of conditions and the following disclaimer in the   *
 *      documentation and/or other materials provided with the distribution.  *
 *      - Neither the name of Wimba, the Xiph.org Foundation nor the names of *
 *      its contributors may be used to endorse or promote products derived   *
 *      from this software without specific prior written permission.         *
 *                                                                            *
 * WARRANTIES:                                                                *
 *      This software is made available by the authors in the hope            *
 *      that it will be useful, but without any warranty.                     *
 *      Wimba S.A. is not liable for any consequence related to the           *
 *      use of the provided software.                                         *
 *                                                                            *
 * Class: Bits.java                                                           *
 *                                                                            *
 * Author: Marc GIMPEL                                                        *
 * Based on code by: Jean-Marc VALIN                                          *
 *                                                                            *
 * Date: 14th July 2003                                                       *
 *                                                                            *
 ******************************************************************************/

package org.pippin.codec.speex;

/**
 * Speex bit-packing: fields are written most significant bit first into consecutive bytes.
 *
 * <p>Unlike the growable buffer of the original, this one works in place on a caller's fixed-size region, so packing
 * and unpacking a frame allocate nothing; reading past the region yields zero bits, as libspeex does, so a decoder
 * never reads outside it.
 */
public final class Bits {
    private byte[] bytes;
    private int start;
    private int end;
    /** Position, in bits from {@code start}. */
    private int bitPos;

    /**
     * Points this buffer at {@code buf[off..off+len)} and rewinds it; {@link #pack} zeroes the region first.
     */
    public void reset(byte[] buf, int off, int len) {
        this.bytes = buf;
        this.start = off;
        this.end = off + len;
        this.bitPos = 0;
    }

    /** Zeroes the region, for writing. */
    public void clear() {
        for (int i = start; i < end; i++) {
            bytes[i] = 0;
        }
        bitPos = 0;
    }

    /** Skips {@code n} bits. */
    public void advance(int n) {
        bitPos += n;
    }

    /** Reads {@code nbBits} bits (at most 31) as an unsigned number; bits past the region read as 0. */
    public int unpack(int nbBits) {
        int d = 0;
        for (int i = 0; i < nbBits; i++) {
            int at = start + (bitPos >> 3);
            int bit = at < end ? ((bytes[at] & 0xFF) >> (7 - (bitPos & 7))) & 1 : 0;
            d = (d << 1) | bit;
            bitPos++;
        }
        return d;
    }

    /**
     * Writes the low {@code nbBits} bits of {@code data}.
     *
     * @throws IndexOutOfBoundsException if the bits do not fit in the region
     */
    public void pack(int data, int nbBits) {
        if (bitPos + nbBits > (end - start) * 8) {
            throw new IndexOutOfBoundsException("Speex frame overflows " + (end - start) + " bytes");
        }
        for (int i = nbBits - 1; i >= 0; i--) {
            int bit = (data >> i) & 1;
            bytes[start + (bitPos >> 3)] |= (byte) (bit << (7 - (bitPos & 7)));
            bitPos++;
        }
    }

    /** Bits written or read so far. */
    public int position() {
        return bitPos;
    }
}
