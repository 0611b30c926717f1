package org.pippin.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pippin.codec.speex.SpeexMath;

/** The CLDC stand-ins for exp, log and acos agree with java.lang.Math to about 1e-15 relative. */
class SpeexMathTest {
    private static final double REL = 4e-15;

    @Test
    void expAgreesWithJavaLangMath() {
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            double x = (r.nextDouble() - 0.5) * (i % 2 == 0 ? 40 : 1400);
            assertClose(Math.exp(x), SpeexMath.exp(x), "exp(" + x + ")");
        }
        assertEquals(1.0, SpeexMath.exp(0));
        assertEquals(Double.POSITIVE_INFINITY, SpeexMath.exp(710));
        assertEquals(0.0, SpeexMath.exp(-746));
        assertTrue(Double.isNaN(SpeexMath.exp(Double.NaN)));
    }

    @Test
    void logAgreesWithJavaLangMath() {
        Random r = new Random(2);
        for (int i = 0; i < 200_000; i++) {
            double x = Math.exp((r.nextDouble() - 0.5) * 1400) * (1 + r.nextDouble());
            assertClose(Math.log(x), SpeexMath.log(x), "log(" + x + ")");
        }
        for (double x : new double[] {1, 2, Math.E, 0.5, 1e-300, 4.9e-324, 1.7e308, 1 + 1e-12, 1 - 1e-12}) {
            assertClose(Math.log(x), SpeexMath.log(x), "log(" + x + ")");
        }
        assertEquals(Double.NEGATIVE_INFINITY, SpeexMath.log(0));
        assertTrue(Double.isNaN(SpeexMath.log(-1)));
    }

    @Test
    void acosAgreesWithJavaLangMath() {
        Random r = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            double x = r.nextDouble() * 2 - 1;
            assertClose(Math.acos(x), SpeexMath.acos(x), "acos(" + x + ")");
        }
        for (double x : new double[] {-1, 1, 0, 0.5, -0.5, 1 - 1e-15, -1 + 1e-15}) {
            assertEquals(Math.acos(x), SpeexMath.acos(x), 1e-15 + 1e-7 * Math.sqrt(1 - Math.abs(x)), "acos(" + x + ")");
        }
        assertTrue(Double.isNaN(SpeexMath.acos(1.0001)));
    }

    private static void assertClose(double expected, double actual, String what) {
        double tol = Math.max(Math.abs(expected) * REL, Double.MIN_NORMAL);
        assertEquals(expected, actual, tol, what);
    }
}
