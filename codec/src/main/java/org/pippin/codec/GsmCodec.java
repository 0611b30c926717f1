package org.pippin.codec;

/**
 * GSM 06.10 full-rate speech codec (ETSI EN 300 961, 13 kbit/s): 160 samples of 8 kHz 16-bit PCM per 33-byte frame.
 *
 * <p>The arithmetic is the standard's fixed-point arithmetic on 16- and 32-bit integers with its saturation and
 * rounding rules, done the way libgsm does it (including its one 16-bit wrap, see {@link #autocorrelation()}), so
 * frames and decoded samples are bit-exact with libgsm's. All memory is allocated by the constructor; an instance
 * holds one encoder and one decoder whose states are independent.
 *
 * <p>Frame layout (RFC 3551 section 4.5.8, libgsm): a continuous bit stream, most significant bit first.
 * <pre>
 *  bits  field
 *   4    signature 0xD
 *  36    LARc[0..7]: 6 6 5 5 4 4 3 3   log-area ratios of the short-term filter
 *  4 x   subframe (40 samples):
 *   7      Nc      long-term predictor lag (40..120)
 *   2      bc      long-term predictor gain
 *   2      Mc      RPE grid position
 *   6      xmaxc   block amplitude
 *  39      xMc[13] RPE pulses, 3 bits each
 *  ---
 *  264 bits = 33 bytes
 * </pre>
 */
public final class GsmCodec implements VoiceCodec {
    /** Bytes in one frame. */
    public static final int FRAME_BYTES = 33;
    /** Samples in one frame (20 ms). */
    public static final int FRAME_SAMPLES = 160;
    /** The value of the first 4 bits of every frame. */
    public static final int SIGNATURE = 0xD;

    private static final int MIN_WORD = -32768;
    private static final int MAX_WORD = 32767;

    private static final int[] LARC_BITS = {6, 6, 5, 5, 4, 4, 3, 3};

    // Tables of the standard, under their names there.
    private static final int[] LAR_A = {20480, 20480, 20480, 20480, 13964, 15360, 8534, 9036};
    private static final int[] LAR_B = {0, 0, 2048, -2560, 94, -1792, -341, -1144};
    private static final int[] LAR_MIC = {-32, -32, -16, -16, -8, -8, -4, -4};
    private static final int[] LAR_MAC = {31, 31, 15, 15, 7, 7, 3, 3};
    private static final int[] LAR_INVA = {13107, 13107, 13107, 13107, 19223, 17476, 31454, 29708};
    private static final int[] DLB = {6554, 16384, 26214, 32767};
    private static final int[] QLB = {3277, 11469, 21299, 32767};
    private static final int[] H = {-134, -374, 0, 2054, 5741, 8192, 5741, 2054, 0, -374, -134};
    private static final int[] NRFAC = {29128, 26215, 23832, 21846, 20165, 18725, 17476, 16384};
    private static final int[] FAC = {18431, 20479, 22527, 24575, 26623, 28671, 30719, 32767};

    // ---- encoder state ----
    private int encZ1;
    private int encLz2;
    private int encMp;
    private final int[] encU = new int[8];
    private int[] encLarpp = new int[8];
    private int[] encLarppPrev = new int[8];
    /** Reconstructed short-term residual: [0..119] the last 120 samples, [120..279] the current frame. */
    private final int[] encDp = new int[280];
    /** Long-term residual of a subframe at [5..44], zero-padded for the weighting filter. */
    private final int[] encE = new int[50];

    // ---- encoder scratch ----
    private final int[] so = new int[FRAME_SAMPLES];
    private final int[] acf = new int[9];
    private final int[] schurP = new int[9];
    private final int[] schurK = new int[9];
    private final int[] encLarc = new int[8];
    private final int[] encLarp = new int[8];
    private final int[] encNc = new int[4];
    private final int[] encBc = new int[4];
    private final int[] encMc = new int[4];
    private final int[] encXmaxc = new int[4];
    private final int[] encXmc = new int[52];
    private final int[] wt = new int[40];
    private final int[] x = new int[40];
    private final int[] xM = new int[13];
    private final int[] encXmp = new int[13];
    private int packAcc;
    private int packBits;
    private int packPos;

    // ---- decoder state ----
    private int decNrp = 40;
    private int decMsr;
    private final int[] decV = new int[9];
    private int[] decLarpp = new int[8];
    private int[] decLarppPrev = new int[8];
    /** Reconstructed short-term residual: [0..119] history, [120..159] the current subframe. */
    private final int[] decDrp = new int[160];

    // ---- decoder scratch ----
    private final int[] decLarc = new int[8];
    private final int[] decLarp = new int[8];
    private final int[] decNc = new int[4];
    private final int[] decBc = new int[4];
    private final int[] decMc = new int[4];
    private final int[] decXmaxc = new int[4];
    private final int[] decXmc = new int[52];
    private final int[] decXmp = new int[13];
    private final int[] erp = new int[40];
    private final int[] decWt = new int[FRAME_SAMPLES];
    private int unpackPos;
    private int unpackBit;

    public int id() {
        return Codecs.GSM;
    }

    public int frameBytes() {
        return FRAME_BYTES;
    }

    public int frameSamples() {
        return FRAME_SAMPLES;
    }

    /** True if {@code in[off]} starts with the GSM signature nibble (the frame can be decoded). */
    public static boolean hasSignature(byte[] in, int off) {
        return ((in[off] >> 4) & 0xF) == SIGNATURE;
    }

    // =====================================================================================================
    // Encoder (section 4.2)
    // =====================================================================================================

    public void encode(short[] pcm, int pcmOff, byte[] out, int outOff) {
        Ranges.check(pcm.length, pcmOff, FRAME_SAMPLES, "pcm");
        Ranges.check(out.length, outOff, FRAME_BYTES, "out");
        preprocess(pcm, pcmOff);
        autocorrelation();
        reflectionCoefficients();
        quantizeLogAreaRatios();
        shortTermAnalysis();
        for (int j = 0; j < 4; j++) {
            int d = j * 40;
            int dp = 120 + j * 40;
            ltpParameters(j, d, dp);
            ltpFilter(j, d, dp);
            rpeEncode(j);
            // encE now holds the quantized residual; encDp[dp..] the long-term estimate: their sum is the
            // residual the decoder will reconstruct, which the next subframes predict from.
            for (int k = 0; k < 40; k++) {
                encDp[dp + k] = add(encE[5 + k], encDp[dp + k]);
            }
        }
        System.arraycopy(encDp, 160, encDp, 0, 120);
        pack(out, outOff);
    }

    /** 4.2.1-4.2.3: downscaling, offset compensation (high-pass) and pre-emphasis into {@code so}. */
    private void preprocess(short[] pcm, int off) {
        int z1 = encZ1;
        int lz2 = encLz2;
        int mp = encMp;
        for (int k = 0; k < FRAME_SAMPLES; k++) {
            int s0 = (pcm[off + k] >> 3) << 2;
            int s1 = s0 - z1;
            z1 = s0;
            int ls2 = s1 << 15;
            int msp = lz2 >> 15;
            int lsp = lz2 - (msp << 15);
            ls2 += multR(lsp, 32735);
            lz2 = lAdd(msp * 32735, ls2);
            int rounded = lAdd(lz2, 16384);
            msp = multR(mp, -28180);
            // A 16-bit word in the standard and in libgsm.
            mp = (short) (rounded >> 15);
            so[k] = add(mp, msp);
        }
        encZ1 = z1;
        encLz2 = lz2;
        encMp = mp;
    }

    /** 4.2.4: autocorrelation of {@code so} into {@code acf[0..8]}, with the standard's dynamic scaling. */
    private void autocorrelation() {
        int smax = 0;
        for (int k = 0; k < FRAME_SAMPLES; k++) {
            int t = abs(so[k]);
            if (t > smax) {
                smax = t;
            }
        }
        int scalauto = smax == 0 ? 0 : 4 - norm(smax << 16);
        if (scalauto > 0) {
            int factor = 16384 >> (scalauto - 1);
            for (int k = 0; k < FRAME_SAMPLES; k++) {
                so[k] = multR(so[k], factor);
            }
        }
        int[] s = so;
        for (int k = 0; k <= 8; k++) {
            int sum = 0;
            for (int i = k; i < FRAME_SAMPLES; i++) {
                sum += s[i] * s[i - k];
            }
            acf[k] = sum << 1;
        }
        if (scalauto > 0) {
            // The rest of the encoder works on this rescaled signal, low bits lost, as specified. libgsm keeps it in
            // 16-bit words, so a sample rounded up to 32768 wraps to -32768; we do the same to stay bit-exact.
            for (int k = 0; k < FRAME_SAMPLES; k++) {
                so[k] = (short) (so[k] << scalauto);
            }
        }
    }

    /** 4.2.5: Schur recursion from {@code acf} to the reflection coefficients, left in {@code encLarc}. */
    private void reflectionCoefficients() {
        int[] r = encLarc;
        int[] p = schurP;
        int[] kk = schurK;
        if (acf[0] == 0) {
            for (int i = 0; i < 8; i++) {
                r[i] = 0;
            }
            return;
        }
        int shift = norm(acf[0]);
        for (int i = 0; i <= 8; i++) {
            p[i] = (acf[i] << shift) >> 16;
        }
        for (int i = 1; i <= 7; i++) {
            kk[i] = p[i];
        }
        for (int n = 1; n <= 8; n++) {
            int temp = abs(p[1]);
            if (p[0] < temp) {
                for (int i = n; i <= 8; i++) {
                    r[i - 1] = 0;
                }
                return;
            }
            int rn = div(temp, p[0]);
            if (p[1] > 0) {
                rn = -rn;
            }
            r[n - 1] = rn;
            if (n == 8) {
                return;
            }
            p[0] = add(p[0], multR(p[1], rn));
            for (int m = 1; m <= 8 - n; m++) {
                p[m] = add(p[m + 1], multR(kk[m], rn));
                kk[m] = add(kk[m], multR(p[m + 1], rn));
            }
        }
    }

    /** 4.2.6-4.2.7: reflection coefficients to log-area ratios and their quantization, in place in encLarc. */
    private void quantizeLogAreaRatios() {
        int[] r = encLarc;
        for (int i = 0; i < 8; i++) {
            int temp = abs(r[i]);
            if (temp < 22118) {
                temp >>= 1;
            } else if (temp < 31130) {
                temp -= 11059;
            } else {
                temp = (temp - 26112) << 2;
            }
            int lar = r[i] < 0 ? -temp : temp;
            temp = add(mult(LAR_A[i], lar), LAR_B[i]);
            temp = add(temp, 256) >> 9;
            r[i] = temp > LAR_MAC[i] ? LAR_MAC[i] - LAR_MIC[i] : (temp < LAR_MIC[i] ? 0 : temp - LAR_MIC[i]);
        }
    }

    /** 4.2.8-4.2.10: short-term analysis filter over {@code so}, coefficients interpolated over the frame. */
    private void shortTermAnalysis() {
        int[] t = encLarppPrev;
        encLarppPrev = encLarpp;
        encLarpp = t;
        decodeLogAreaRatios(encLarc, encLarpp);
        interpolate(encLarppPrev, encLarpp, encLarp, 0);
        analysisFilter(0, 13);
        interpolate(encLarppPrev, encLarpp, encLarp, 1);
        analysisFilter(13, 27);
        interpolate(encLarppPrev, encLarpp, encLarp, 2);
        analysisFilter(27, 40);
        interpolate(encLarppPrev, encLarpp, encLarp, 3);
        analysisFilter(40, FRAME_SAMPLES);
    }

    /**
     * The lattice filter runs 16 multiply-adds per sample, so {@code add(a, multR(rp, b))} is written out: the
     * coefficients come from {@link #interpolate} and are never -32768, so multR needs no special case.
     */
    private void analysisFilter(int from, int to) {
        int[] rp = encLarp;
        int[] u = encU;
        int[] s = so;
        for (int k = from; k < to; k++) {
            int di = s[k];
            int sav = di;
            for (int i = 0; i < 8; i++) {
                int ui = u[i];
                int rpi = rp[i];
                u[i] = sav;
                sav = ui + ((rpi * di + 16384) >> 15);
                if (sav > MAX_WORD) {
                    sav = MAX_WORD;
                } else if (sav < MIN_WORD) {
                    sav = MIN_WORD;
                }
                di += (rpi * ui + 16384) >> 15;
                if (di > MAX_WORD) {
                    di = MAX_WORD;
                } else if (di < MIN_WORD) {
                    di = MIN_WORD;
                }
            }
            s[k] = di;
        }
    }

    /** 4.2.11-4.2.12: lag {@code encNc[j]} and gain code {@code encBc[j]} of the long-term predictor. */
    private void ltpParameters(int j, int d, int dp) {
        int dmax = 0;
        for (int k = 0; k < 40; k++) {
            int t = abs(so[d + k]);
            if (t > dmax) {
                dmax = t;
            }
        }
        int temp = dmax == 0 ? 0 : norm(dmax << 16);
        int scal = temp > 6 ? 0 : 6 - temp;
        for (int k = 0; k < 40; k++) {
            wt[k] = so[d + k] >> scal;
        }
        // Cross-correlation over lags 40..120; products fit in 32 bits after the scaling above.
        int lmax = 0;
        int nc = 40;
        int[] w = wt;
        int[] past = encDp;
        // The encoder's hottest loop (81 lags x 40 products per subframe), unrolled for interpreting VMs.
        for (int lambda = 40; lambda <= 120; lambda++) {
            int base = dp - lambda;
            int sum = 0;
            for (int k = 0; k < 40; k += 8) {
                int p = base + k;
                sum += w[k] * past[p] + w[k + 1] * past[p + 1] + w[k + 2] * past[p + 2] + w[k + 3] * past[p + 3]
                        + w[k + 4] * past[p + 4] + w[k + 5] * past[p + 5] + w[k + 6] * past[p + 6]
                        + w[k + 7] * past[p + 7];
            }
            if (sum > lmax) {
                nc = lambda;
                lmax = sum;
            }
        }
        encNc[j] = nc;
        lmax = (lmax << 1) >> (6 - scal);
        int lpower = 0;
        for (int k = 0; k < 40; k++) {
            int t = encDp[dp - nc + k] >> 3;
            lpower += t * t;
        }
        lpower <<= 1;
        int bc;
        if (lmax <= 0) {
            bc = 0;
        } else if (lmax >= lpower) {
            bc = 3;
        } else {
            int shift = norm(lpower);
            int r = (lmax << shift) >> 16;
            int s = (lpower << shift) >> 16;
            bc = 0;
            while (bc <= 2 && r > mult(s, DLB[bc])) {
                bc++;
            }
        }
        encBc[j] = bc;
    }

    /** 4.2.13: long-term estimate into {@code encDp[dp..]} and the residual into {@code encE[5..44]}. */
    private void ltpFilter(int j, int d, int dp) {
        int bp = QLB[encBc[j]];
        int base = dp - encNc[j];
        for (int k = 0; k < 40; k++) {
            int estimate = multR(bp, encDp[base + k]);
            encDp[dp + k] = estimate;
            encE[5 + k] = sub(so[d + k], estimate);
        }
    }

    /** 4.2.14-4.2.18: RPE coding of {@code encE[5..44]}; leaves the decoded residual there. */
    private void rpeEncode(int j) {
        // Weighting filter, symmetric taps H paired (the e padding at [0..4] and [45..49] is always zero).
        int[] e = encE;
        for (int k = 0; k < 40; k++) {
            int sum = 4096 + e[k + 5] * H[5]
                    + (e[k] + e[k + 10]) * H[0]
                    + (e[k + 1] + e[k + 9]) * H[1]
                    + (e[k + 3] + e[k + 7]) * H[3]
                    + (e[k + 4] + e[k + 6]) * H[4];
            x[k] = saturate(sum >> 13);
        }
        // Grid selection: the decimated sequence of highest energy.
        int em = 0;
        int mc = 0;
        for (int m = 0; m < 4; m++) {
            int sum = 0;
            for (int i = 0; i < 13; i++) {
                int t = x[m + 3 * i] >> 2;
                sum += t * t;
            }
            if (sum > em) {
                mc = m;
                em = sum;
            }
        }
        encMc[j] = mc;
        int xmax = 0;
        for (int i = 0; i < 13; i++) {
            xM[i] = x[mc + 3 * i];
            int t = abs(xM[i]);
            if (t > xmax) {
                xmax = t;
            }
        }
        // APCM quantization: block maximum, then each pulse in 3 bits relative to it.
        int exp = 0;
        int temp = xmax >> 9;
        boolean itest = false;
        for (int i = 0; i <= 5; i++) {
            itest |= temp <= 0;
            temp >>= 1;
            if (!itest) {
                exp++;
            }
        }
        int xmaxc = add(xmax >> (exp + 5), exp << 3);
        encXmaxc[j] = xmaxc;
        int expMant = expMant(xmaxc);
        exp = expMant >> 3;
        int mant = expMant & 7;
        int shift = 6 - exp;
        int nrfac = NRFAC[mant];
        int base = 13 * j;
        for (int i = 0; i < 13; i++) {
            encXmc[base + i] = (mult(xM[i] << shift, nrfac) >> 12) + 4;
        }
        apcmInverse(encXmc, base, mant, exp, encXmp);
        gridPosition(mc, encXmp, encE, 5);
    }

    private void pack(byte[] out, int off) {
        packAcc = 0;
        packBits = 0;
        packPos = off;
        put(out, SIGNATURE, 4);
        for (int i = 0; i < 8; i++) {
            put(out, encLarc[i], LARC_BITS[i]);
        }
        for (int j = 0; j < 4; j++) {
            put(out, encNc[j], 7);
            put(out, encBc[j], 2);
            put(out, encMc[j], 2);
            put(out, encXmaxc[j], 6);
            for (int i = 0; i < 13; i++) {
                put(out, encXmc[13 * j + i], 3);
            }
        }
    }

    /** Appends {@code bits} (at most 8) bits, most significant first; whole bytes go to {@code out}. */
    private void put(byte[] out, int value, int bits) {
        packAcc = (packAcc << bits) | value;
        packBits += bits;
        if (packBits >= 8) {
            packBits -= 8;
            out[packPos++] = (byte) (packAcc >> packBits);
        }
    }

    // =====================================================================================================
    // Decoder (section 4.3)
    // =====================================================================================================

    public void decode(byte[] in, int inOff, short[] pcm, int pcmOff) {
        Ranges.check(in.length, inOff, FRAME_BYTES, "in");
        Ranges.check(pcm.length, pcmOff, FRAME_SAMPLES, "pcm");
        if (!hasSignature(in, inOff)) {
            throw new IllegalArgumentException("not a GSM 06.10 frame: signature nibble 0x"
                    + Integer.toHexString((in[inOff] >> 4) & 0xF) + ", expected 0xd");
        }
        unpack(in, inOff);
        for (int j = 0; j < 4; j++) {
            int expMant = expMant(decXmaxc[j]);
            apcmInverse(decXmc, 13 * j, expMant & 7, expMant >> 3, decXmp);
            gridPosition(decMc[j], decXmp, erp, 0);
            // Long-term synthesis; a lag outside 40..120 (a damaged frame) reuses the previous lag.
            int nr = decNc[j];
            if (nr < 40 || nr > 120) {
                nr = decNrp;
            }
            decNrp = nr;
            int brp = QLB[decBc[j]];
            for (int k = 0; k < 40; k++) {
                decDrp[120 + k] = add(erp[k], multR(brp, decDrp[120 + k - nr]));
            }
            System.arraycopy(decDrp, 120, decWt, 40 * j, 40);
            System.arraycopy(decDrp, 40, decDrp, 0, 120);
        }
        shortTermSynthesis();
        // Post-processing: de-emphasis, upscaling, and truncation to 13 bits.
        int msr = decMsr;
        for (int k = 0; k < FRAME_SAMPLES; k++) {
            msr = add(decWt[k], multR(msr, 28180));
            pcm[pcmOff + k] = (short) (add(msr, msr) & 0xFFF8);
        }
        decMsr = msr;
    }

    private void unpack(byte[] in, int off) {
        unpackPos = off;
        unpackBit = 4;
        for (int i = 0; i < 8; i++) {
            decLarc[i] = take(in, LARC_BITS[i]);
        }
        for (int j = 0; j < 4; j++) {
            decNc[j] = take(in, 7);
            decBc[j] = take(in, 2);
            decMc[j] = take(in, 2);
            decXmaxc[j] = take(in, 6);
            for (int i = 0; i < 13; i++) {
                decXmc[13 * j + i] = take(in, 3);
            }
        }
    }

    /** Reads the next {@code bits} (at most 8) bits of the frame, most significant first. */
    private int take(byte[] in, int bits) {
        int pos = unpackPos;
        int window = ((in[pos] & 0xFF) << 8) | (pos + 1 < in.length ? in[pos + 1] & 0xFF : 0);
        int value = (window >> (16 - unpackBit - bits)) & ((1 << bits) - 1);
        unpackBit += bits;
        if (unpackBit >= 8) {
            unpackBit -= 8;
            unpackPos++;
        }
        return value;
    }

    /** 4.3.2-4.3.4: short-term synthesis filter from {@code decWt} back into {@code decWt}. */
    private void shortTermSynthesis() {
        int[] t = decLarppPrev;
        decLarppPrev = decLarpp;
        decLarpp = t;
        decodeLogAreaRatios(decLarc, decLarpp);
        interpolate(decLarppPrev, decLarpp, decLarp, 0);
        synthesisFilter(0, 13);
        interpolate(decLarppPrev, decLarpp, decLarp, 1);
        synthesisFilter(13, 27);
        interpolate(decLarppPrev, decLarpp, decLarp, 2);
        synthesisFilter(27, 40);
        interpolate(decLarppPrev, decLarpp, decLarp, 3);
        synthesisFilter(40, FRAME_SAMPLES);
    }

    /** Written out like {@link #analysisFilter}, whose comment says why that is exact. */
    private void synthesisFilter(int from, int to) {
        int[] rrp = decLarp;
        int[] v = decV;
        int[] w = decWt;
        for (int k = from; k < to; k++) {
            int sri = w[k];
            for (int i = 7; i >= 0; i--) {
                int r = rrp[i];
                int vi = v[i];
                sri -= (r * vi + 16384) >> 15;
                if (sri > MAX_WORD) {
                    sri = MAX_WORD;
                } else if (sri < MIN_WORD) {
                    sri = MIN_WORD;
                }
                int next = vi + ((r * sri + 16384) >> 15);
                v[i + 1] = next > MAX_WORD ? MAX_WORD : (next < MIN_WORD ? MIN_WORD : next);
            }
            w[k] = sri;
            v[0] = sri;
        }
    }

    // =====================================================================================================
    // Shared by encoder and decoder
    // =====================================================================================================

    /** 4.2.8: decoded log-area ratios LARpp from their codes. */
    private static void decodeLogAreaRatios(int[] larc, int[] larpp) {
        for (int i = 0; i < 8; i++) {
            int temp1 = add(larc[i], LAR_MIC[i]) << 10;
            temp1 = sub(temp1, LAR_B[i] << 1);
            temp1 = multR(LAR_INVA[i], temp1);
            larpp[i] = add(temp1, temp1);
        }
    }

    /**
     * 4.2.9: log-area ratios for one of the four parts of the frame (samples 0..12, 13..26, 27..39, 40..159),
     * interpolated between the previous and the current frame's, then converted to reflection coefficients (4.2.9.2).
     */
    private static void interpolate(int[] prev, int[] cur, int[] larp, int part) {
        for (int i = 0; i < 8; i++) {
            int v;
            switch (part) {
                case 0:
                    v = add(add(prev[i] >> 2, cur[i] >> 2), prev[i] >> 1);
                    break;
                case 1:
                    v = add(prev[i] >> 1, cur[i] >> 1);
                    break;
                case 2:
                    v = add(add(prev[i] >> 2, cur[i] >> 2), cur[i] >> 1);
                    break;
                default:
                    v = cur[i];
                    break;
            }
            int temp = v < 0 ? (v == MIN_WORD ? MAX_WORD : -v) : v;
            if (temp < 11059) {
                temp <<= 1;
            } else if (temp < 20070) {
                temp += 11059;
            } else {
                temp = add(temp >> 2, 26112);
            }
            larp[i] = v < 0 ? -temp : temp;
        }
    }

    /**
     * 4.2.15: exponent and mantissa of a block amplitude code, returned as {@code exp * 8 + mant} (mant 0..7, so
     * {@code >> 3} and {@code & 7} take them apart even for a negative exponent).
     */
    private static int expMant(int xmaxc) {
        int exp = xmaxc > 15 ? (xmaxc >> 3) - 1 : 0;
        int mant = xmaxc - (exp << 3);
        if (mant == 0) {
            exp = -4;
            mant = 7;
        } else {
            while (mant <= 7) {
                mant = mant << 1 | 1;
                exp--;
            }
            mant -= 8;
        }
        return exp * 8 + mant;
    }

    /** 4.2.16: the 13 pulses of {@code xmc[off..]} back to linear values. */
    private static void apcmInverse(int[] xmc, int off, int mant, int exp, int[] xmp) {
        int fac = FAC[mant];
        int shift = sub(6, exp);
        int round = asl(1, sub(shift, 1));
        for (int i = 0; i < 13; i++) {
            int temp = ((xmc[off + i] << 1) - 7) << 12;
            temp = add(multR(fac, temp), round);
            xmp[i] = asr(temp, shift);
        }
    }

    /** 4.2.17: 40 samples at {@code ep[off..]}, zero except every third one from {@code mc}. */
    private static void gridPosition(int mc, int[] xmp, int[] ep, int off) {
        for (int k = 0; k < 40; k++) {
            ep[off + k] = 0;
        }
        for (int i = 0; i < 13; i++) {
            ep[off + mc + 3 * i] = xmp[i];
        }
    }

    // ---- the standard's basic operations on 16-bit words and 32-bit longs ----

    private static int saturate(int v) {
        return v < MIN_WORD ? MIN_WORD : (v > MAX_WORD ? MAX_WORD : v);
    }

    private static int add(int a, int b) {
        return saturate(a + b);
    }

    private static int sub(int a, int b) {
        return saturate(a - b);
    }

    private static int mult(int a, int b) {
        return a == MIN_WORD && b == MIN_WORD ? MAX_WORD : (a * b) >> 15;
    }

    private static int multR(int a, int b) {
        return a == MIN_WORD && b == MIN_WORD ? MAX_WORD : (a * b + 16384) >> 15;
    }

    private static int abs(int a) {
        return a < 0 ? (a == MIN_WORD ? MAX_WORD : -a) : a;
    }

    private static int lAdd(int a, int b) {
        int s = a + b;
        if (((a ^ s) & (b ^ s)) < 0) {
            return a < 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
        return s;
    }

    /** Left shifts that normalize {@code a > 0} to the range 0x40000000..0x7FFFFFFF. */
    private static int norm(int a) {
        int n = 0;
        if ((a & 0xFFFF0000) == 0) {
            n += 16;
            a <<= 16;
        }
        if ((a & 0xFF000000) == 0) {
            n += 8;
            a <<= 8;
        }
        if ((a & 0xF0000000) == 0) {
            n += 4;
            a <<= 4;
        }
        if ((a & 0xC0000000) == 0) {
            n += 2;
            a <<= 2;
        }
        if ((a & 0x80000000) == 0) {
            n += 1;
        }
        return n - 1;
    }

    /** Fractional division {@code num / denum} for {@code 0 <= num <= denum}, 15 bits. */
    private static int div(int num, int denum) {
        if (num == 0) {
            return 0;
        }
        int result = 0;
        for (int k = 0; k < 15; k++) {
            result <<= 1;
            num <<= 1;
            if (num >= denum) {
                num -= denum;
                result++;
            }
        }
        return result;
    }

    private static int asl(int a, int n) {
        if (n >= 16) {
            return 0;
        }
        if (n <= -16) {
            return a < 0 ? -1 : 0;
        }
        return n < 0 ? asr(a, -n) : (short) (a << n);
    }

    private static int asr(int a, int n) {
        if (n >= 16) {
            return a < 0 ? -1 : 0;
        }
        if (n <= -16) {
            return 0;
        }
        return n < 0 ? (short) (a << -n) : a >> n;
    }
}
