package org.bouncycastle.util;

/**
 * Phone build only: replaces Bouncy Castle's {@code Arrays} (which calls {@code java.util.Arrays}, absent on CLDC) in
 * identity-cldc.jar, with the two methods the Ed25519 and X25519 code kept there calls. Never on a Java SE class path.
 */
public final class Arrays {
    private Arrays() {
    }

    public static boolean areEqual(byte[] a, byte[] b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    public static boolean areAllZeroes(byte[] buf, int off, int len) {
        int bits = 0;
        for (int i = 0; i < len; i++) {
            bits |= buf[off + i];
        }
        return bits == 0;
    }
}
