package org.pippin.codec;

/** Bounds checks done before a frame is touched, so a bad call leaves codec state unchanged. */
final class Ranges {
    private Ranges() {
    }

    static void check(int arrayLength, int off, int count, String name) {
        if (off < 0 || off > arrayLength - count) {
            throw new IndexOutOfBoundsException(name + ": need " + count + " at offset " + off + ", length is "
                    + arrayLength);
        }
    }
}
