package org.pippin.codec.speex;

/**
 * The elementary functions the Speex narrowband coder needs that CLDC 1.1's {@code Math} lacks ({@code exp},
 * {@code log}, {@code acos}), in double precision: argument reduction to a small interval, then a series that has
 * converged there to below 1e-16, so results agree with {@code java.lang.Math} to about 1e-15 relative.
 */
public final class SpeexMath {
    private static final double LN2 = 0.6931471805599453;
    /** ln 2 split so that {@code k * LN2_HI} is exact for |k| < 2^11 (Cody and Waite). */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double SQRT2 = 1.4142135623730951;
    private static final double SQRT3 = 1.7320508075688772;
    private static final double TAN_PI_12 = 0.2679491924311227;
    private static final double PI = 3.141592653589793;
    private static final double HALF_PI = PI / 2;
    private static final double SIXTH_PI = PI / 6;

    private SpeexMath() {
    }

    /** e raised to {@code x}. */
    public static double exp(double x) {
        if (x != x) {
            return x;
        }
        if (x > 709.8) {
            return Double.POSITIVE_INFINITY;
        }
        if (x < -745.2) {
            return 0.0;
        }
        int k = (int) Math.floor(x / LN2 + 0.5);
        double r = (x - k * LN2_HI) - k * LN2_LO;
        // |r| <= 0.35: the Taylor series to r^17/17! has converged to below 1e-19 relative.
        double sum = 1.0;
        for (int n = 17; n >= 1; n--) {
            sum = 1.0 + sum * r / n;
        }
        return scaleByPowerOfTwo(sum, k);
    }

    /** The natural logarithm of {@code x}; NaN for negative or NaN {@code x}, -infinity for 0. */
    public static double log(double x) {
        if (x != x || x < 0) {
            return Double.NaN;
        }
        if (x == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        int e = 0;
        if (x < 2.2250738585072014E-308) { // subnormal: normalise first
            x *= 18014398509481984.0; // 2^54
            e = -54;
        }
        long bits = Double.doubleToLongBits(x);
        e += (int) ((bits >> 52) & 0x7FF) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        if (m > SQRT2) {
            m /= 2;
            e++;
        }
        // m in [sqrt(1/2), sqrt(2)]: s = (m-1)/(m+1) is at most 0.172, and log m = 2 atanh(s).
        double s = (m - 1) / (m + 1);
        double z = s * s;
        double sum = 0;
        for (int n = 27; n >= 1; n -= 2) {
            sum = 1.0 / n + z * sum;
        }
        return e * LN2_HI + (2 * s * sum + e * LN2_LO);
    }

    /** The arc cosine of {@code x} in [0, pi]; NaN outside [-1, 1]. */
    public static double acos(double x) {
        if (x != x || x < -1 || x > 1) {
            return Double.NaN;
        }
        if (x == -1) {
            return PI;
        }
        return 2 * atan(Math.sqrt((1 - x) / (1 + x)));
    }

    /** The arc tangent of {@code t} in (-pi/2, pi/2). */
    public static double atan(double t) {
        if (t != t) {
            return t;
        }
        if (t < 0) {
            return -atan(-t);
        }
        if (t > 1) {
            return HALF_PI - atanUnit(1 / t);
        }
        return atanUnit(t);
    }

    /** atan on [0, 1]. */
    private static double atanUnit(double u) {
        if (u > TAN_PI_12) {
            // atan(u) = pi/6 + atan(v), with v in (0, tan(pi/12)].
            return SIXTH_PI + atanSeries((u * SQRT3 - 1) / (SQRT3 + u));
        }
        return atanSeries(u);
    }

    /** The Taylor series of atan for |v| <= tan(pi/12), where v^2 <= 0.072 makes 15 terms enough. */
    private static double atanSeries(double v) {
        double z = v * v;
        double sum = 0;
        for (int n = 29; n >= 1; n -= 2) {
            sum = ((n / 2) % 2 == 0 ? 1.0 : -1.0) / n + z * sum;
        }
        return v * sum;
    }

    private static double scaleByPowerOfTwo(double v, int k) {
        while (k > 1023) {
            v *= 8.98846567431158E307; // 2^1023
            k -= 1023;
        }
        while (k < -1022) {
            v *= 2.2250738585072014E-308; // 2^-1022
            k += 1022;
        }
        return v * Double.longBitsToDouble((long) (k + 1023) << 52);
    }
}
