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
 * Class: Codebook.java                                                       *
 *                                                                            *
 * Author: James LAWRENCE                                                     *
 * Modified by: Marc GIMPEL                                                   *
 * Based on code by: Jean-Marc VALIN                                          *
 *                                                                            *
 * Date: March 2003                                                           *
 *                                                                            *
 ******************************************************************************/

/* $Id$ */

/* Copyright (C) 2002 Jean-Marc Valin

   Redistribution and use in source and binary forms, with or without
   modification, are permitted provided that the following conditions
   are met:

   - Redistributions of source code must retain the above copyright
   notice, this list of conditions and the following disclaimer.

   - Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in the
   documentation and/or other materials provided with the distribution.

   - Neither the name of the Xiph.org Foundation nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

   THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS
   ``AS IS'' AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT
   LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
   A PARTICULAR PURPOSE ARE DISCLAIMED.  IN NO EVENT SHALL THE FOUNDATION OR
   CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
   EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
   PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR
   PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF
   LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
   NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
   SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
*/

package org.pippin.codec.speex;

/**
 * Codebook tables
 *
 * @author Jim Lawrence, helloNetwork.com
 * @author Marc Gimpel, Wimba S.A. (mgimpel@horizonwimba.com)
 * @version $Revision$
 */
public interface Codebook {

    /**
     * Excitation Codebook
     */
    public static final int[] exc_10_16_table = {
            22, 39, 14, 44, 11, 35, -2, 23, -4, 6,
            46, -28, 13, -27, -23, 12, 4, 20, -5, 9,
            37, -18, -23, 23, 0, 9, -6, -20, 4, -1,
            -17, -5, -4, 17, 0, 1, 9, -2, 1, 2,
            2, -12, 8, -25, 39, 15, 9, 16, -55, -11,
            9, 11, 5, 10, -2, -60, 8, 13, -6, 11,
            -16, 27, -47, -12, 11, 1, 16, -7, 9, -3,
            -29, 9, -14, 25, -19, 34, 36, 12, 40, -10,
            -3, -24, -14, -37, -21, -35, -2, -36, 3, -6,
            67, 28, 6, -17, -3, -12, -16, -15, -17, -7,
            -59, -36, -13, 1, 7, 1, 2, 10, 2, 11,
            13, 10, 8, -2, 7, 3, 5, 4, 2, 2,
            -3, -8, 4, -5, 6, 7, -42, 15, 35, -2,
            -46, 38, 28, -20, -9, 1, 7, -3, 0, -2,
            -5, -4, -2, -4, -8, -3, -8, -5, -7, -4,
            -15, -28, 52, 32, 5, -5, -17, -20, -10, -1
    };

    /**
     * Gain Codebook (LBR)
     */
    public static final int[] gain_cdbk_lbr = { //96
            -32, -32, -32,
            -31, -58, -16,
            -41, -24, -43,
            -56, -22, -55,
            -13, 33, -41,
            -4, -39, -9,
            -41, 15, -12,
            -8, -15, -12,
            1, 2, -44,
            -22, -66, -42,
            -38, 28, -23,
            -21, 14, -37,
            0, 21, -50,
            -53, -71, -27,
            -37, -1, -19,
            -19, -5, -28,
            6, 65, -44,
            -33, -48, -33,
            -40, 57, -14,
            -17, 4, -45,
            -31, 38, -33,
            -23, 28, -40,
            -43, 29, -12,
            -34, 13, -23,
            -16, 15, -27,
            -14, -82, -15,
            -31, 25, -32,
            -21, 5, -5,
            -47, -63, -51,
            -46, 12, 3,
            -28, -17, -29,
            -10, 14, -40
    };

    /** */
    public static final int NB_CDBK_SIZE = 64;
    /** */
    public static final int NB_CDBK_SIZE_LOW1 = 64;
    /** */
    public static final int NB_CDBK_SIZE_LOW2 = 64;
    /** */
    public static final int NB_CDBK_SIZE_HIGH1 = 64;
    /** */
    public static final int NB_CDBK_SIZE_HIGH2 = 64;

    /**
     * Codebook (narrowband)
     */
    public static final int[] cdbk_nb = { //640
            30, 19, 38, 34, 40, 32, 46, 43, 58, 43,
            5, -18, -25, -40, -33, -55, -52, 20, 34, 28,
            -20, -63, -97, -92, 61, 53, 47, 49, 53, 75,
            -14, -53, -77, -79, 0, -3, -5, 19, 22, 26,
            -9, -53, -55, 66, 90, 72, 85, 68, 74, 52,
            -4, -41, -58, -31, -18, -31, 27, 32, 30, 18,
            24, 3, 8, 5, -12, -3, 26, 28, 74, 63,
            -2, -39, -67, -77, -106, -74, 59, 59, 73, 65,
            44, 40, 71, 72, 82, 83, 98, 88, 89, 60,
            -6, -31, -47, -48, -13, -39, -9, 7, 2, 79,
            -1, -39, -60, -17, 87, 81, 65, 50, 45, 19,
            -21, -67, -91, -87, -41, -50, 7, 18, 39, 74,
            10, -31, -28, 39, 24, 13, 23, 5, 56, 45,
            29, 10, -5, -13, -11, -35, -18, -8, -10, -8,
            -25, -71, -77, -21, 2, 16, 50, 63, 87, 87,
            5, -32, -40, -51, -68, 0, 12, 6, 54, 34,
            5, -12, 32, 52, 68, 64, 69, 59, 65, 45,
            14, -16, -31, -40, -65, -67, 41, 49, 47, 37,
            -11, -52, -75, -84, -4, 57, 48, 42, 42, 33,
            -11, -51, -68, -6, 13, 0, 8, -8, 26, 32,
            -23, -53, 0, 36, 56, 76, 97, 105, 111, 97,
            -1, -28, -39, -40, -43, -54, -44, -40, -18, 35,
            16, -20, -19, -28, -42, 29, 47, 38, 74, 45,
            3, -29, -48, -62, -80, -104, -33, 56, 59, 59,
            10, 17, 46, 72, 84, 101, 117, 123, 123, 106,
            -7, -33, -49, -51, -70, -67, -27, -31, 70, 67,
            -16, -62, -85, -20, 82, 71, 86, 80, 85, 74,
            -19, -58, -75, -45, -29, -33, -18, -25, 45, 57,
            -12, -42, -5, 12, 28, 36, 52, 64, 81, 82,
            13, -9, -27, -28, 22, 3, 2, 22, 26, 6,
            -6, -44, -51, 2, 15, 10, 48, 43, 49, 34,
            -19, -62, -84, -89, -102, -24, 8, 17, 61, 68,
            39, 24, 23, 19, 16, -5, 12, 15, 27, 15,
            -8, -44, -49, -60, -18, -32, -28, 52, 54, 62,
            -8, -48, -77, -70, 66, 101, 83, 63, 61, 37,
            -12, -50, -75, -64, 33, 17, 13, 25, 15, 77,
            1, -42, -29, 72, 64, 46, 49, 31, 61, 44,
            -8, -47, -54, -46, -30, 19, 20, -1, -16, 0,
            16, -12, -18, -9, -26, -27, -10, -22, 53, 45,
            -10, -47, -75, -82, -105, -109, 8, 25, 49, 77,
            50, 65, 114, 117, 124, 118, 115, 96, 90, 61,
            -9, -45, -63, -60, -75, -57, 8, 11, 20, 29,
            0, -35, -49, -43, 40, 47, 35, 40, 55, 38,
            -24, -76, -103, -112, -27, 3, 23, 34, 52, 75,
            8, -29, -43, 12, 63, 38, 35, 29, 24, 8,
            25, 11, 1, -15, -18, -43, -7, 37, 40, 21,
            -20, -56, -19, -19, -4, -2, 11, 29, 51, 63,
            -2, -44, -62, -75, -89, 30, 57, 51, 74, 51,
            50, 46, 68, 64, 65, 52, 63, 55, 65, 43,
            18, -9, -26, -35, -55, -69, 3, 6, 8, 17,
            -15, -61, -86, -97, 1, 86, 93, 74, 78, 67,
            -1, -38, -66, -48, 48, 39, 29, 25, 17, -1,
            13, 13, 29, 39, 50, 51, 69, 82, 97, 98,
            -2, -36, -46, -27, -16, -30, -13, -4, -7, -4,
            25, -5, -11, -6, -25, -21, 33, 12, 31, 29,
            -8, -38, -52, -63, -68, -89, -33, -1, 10, 74,
            -2, -15, 59, 91, 105, 105, 101, 87, 84, 62,
            -7, -33, -50, -35, -54, -47, 25, 17, 82, 81,
            -13, -56, -83, 21, 58, 31, 42, 25, 72, 65,
            -24, -66, -91, -56, 9, -2, 21, 10, 69, 75,
            2, -24, 11, 22, 25, 28, 38, 34, 48, 33,
            7, -29, -26, 17, 15, -1, 14, 0, -2, 0,
            -6, -41, -67, 6, -2, -9, 19, 2, 85, 74,
            -22, -67, -84, -71, -50, 3, 11, -9, 2, 62
    };

    /**
     * Codebook (narrowband)
     */
    public static final int[] cdbk_nb_low1 = { //320
            -34, -52, -15, 45, 2,
            23, 21, 52, 24, -33,
            -9, -1, 9, -44, -41,
            -13, -17, 44, 22, -17,
            -6, -4, -1, 22, 38,
            26, 16, 2, 50, 27,
            -35, -34, -9, -41, 6,
            0, -16, -34, 51, 8,
            -14, -31, -49, 15, -33,
            45, 49, 33, -11, -37,
            -62, -54, 45, 11, -5,
            -72, 11, -1, -12, -11,
            24, 27, -11, -43, 46,
            43, 33, -12, -9, -1,
            1, -4, -23, -57, -71,
            11, 8, 16, 17, -8,
            -20, -31, -41, 53, 48,
            -16, 3, 65, -24, -8,
            -23, -32, -37, -32, -49,
            -10, -17, 6, 38, 5,
            -9, -17, -46, 8, 52,
            3, 6, 45, 40, 39,
            -7, -6, -34, -74, 31,
            8, 1, -16, 43, 68,
            -11, -19, -31, 4, 6,
            0, -6, -17, -16, -38,
            -16, -30, 2, 9, -39,
            -16, -1, 43, -10, 48,
            3, 3, -16, -31, -3,
            62, 68, 43, 13, 3,
            -10, 8, 20, -56, 12,
            12, -2, -18, 22, -15,
            -40, -36, 1, 7, 41,
            0, 1, 46, -6, -62,
            -4, -12, -2, -11, -83,
            -13, -2, 91, 33, -10,
            0, 4, -11, -16, 79,
            32, 37, 14, 9, 51,
            -21, -28, -56, -34, 0,
            21, 9, -26, 11, 28,
            -42, -54, -23, -2, -15,
            31, 30, 8, -39, -66,
            -39, -36, 31, -28, -40,
            -46, 35, 40, 22, 24,
            33, 48, 23, -34, 14,
            40, 32, 17, 27, -3,
            25, 26, -13, -61, -17,
            11, 4, 31, 60, -6,
            -26, -41, -64, 13, 16,
            -26, 54, 31, -11, -23,
            -9, -11, -34, -71, -21,
            -34, -35, 55, 50, 29,
            -22, -27, -50, -38, 57,
            33, 42, 57, 48, 26,
            11, 0, -49, -31, 26,
            -4, -14, 5, 78, 37,
            17, 0, -49, -12, -23,
            26, 14, 2, 2, -43,
            -17, -12, 10, -8, -4,
            8, 18, 12, -6, 20,
            -12, -6, -13, -25, 34,
            15, 40, 49, 7, 8,
            13, 20, 20, -19, -22,
            -2, -8, 2, 51, -51
    };

    /**
     * Codebook (narrowband)
     */
    public static final int[] cdbk_nb_high1 = { //320
            -26, -8, 29, 21, 4,
            19, -39, 33, -7, -36,
            56, 54, 48, 40, 29,
            -4, -24, -42, -66, -43,
            -60, 19, -2, 37, 41,
            -10, -37, -60, -64, 18,
            -22, 77, 73, 40, 25,
            4, 19, -19, -66, -2,
            11, 5, 21, 14, 26,
            -25, -86, -4, 18, 1,
            26, -37, 10, 37, -1,
            24, -12, -59, -11, 20,
            -6, 34, -16, -16, 42,
            19, -28, -51, 53, 32,
            4, 10, 62, 21, -12,
            -34, 27, 4, -48, -48,
            -50, -49, 31, -7, -21,
            -42, -25, -4, -43, -22,
            59, 2, 27, 12, -9,
            -6, -16, -8, -32, -58,
            -16, -29, -5, 41, 23,
            -30, -33, -46, -13, -10,
            -38, 52, 52, 1, -17,
            -9, 10, 26, -25, -6,
            33, -20, 53, 55, 25,
            -32, -5, -42, 23, 21,
            66, 5, -28, 20, 9,
            75, 29, -7, -42, -39,
            15, 3, -23, 21, 6,
            11, 1, -29, 14, 63,
            10, 54, 26, -24, -51,
            -49, 7, -23, -51, 15,
            -66, 1, 60, 25, 10,
            0, -30, -4, -15, 17,
            19, 59, 40, 4, -5,
            33, 6, -22, -58, -70,
            -5, 23, -6, 60, 44,
            -29, -16, -47, -29, 52,
            -19, 50, 28, 16, 35,
            31, 36, 0, -21, 6,
            21, 27, 22, 42, 7,
            -66, -40, -8, 7, 19,
            46, 0, -4, 60, 36,
            45, -7, -29, -6, -32,
            -39, 2, 6, -9, 33,
            20, -51, -34, 18, -6,
            19, 6, 11, 5, -19,
            -29, -2, 42, -11, -45,
            -21, -55, 57, 37, 2,
            -14, -67, -16, -27, -38,
            69, 48, 19, 2, -17,
            20, -20, -16, -34, -17,
            -25, -61, 10, 73, 45,
            16, -40, -64, -17, -29,
            -22, 56, 17, -39, 8,
            -11, 8, -25, -18, -13,
            -19, 8, 54, 57, 36,
            -17, -26, -4, 6, -21,
            40, 42, -4, 20, 31,
            53, 10, -34, -53, 31,
            -17, 35, 0, 15, -6,
            -20, -63, -73, 22, 25,
            29, 17, 8, -29, -39,
            -69, 18, 15, -15, -5
    };

}
