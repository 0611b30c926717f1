package org.pippin.midlet;

import javax.microedition.lcdui.Canvas;
import javax.microedition.lcdui.Font;
import javax.microedition.lcdui.Graphics;

import org.pippin.identity.Drbg;
import org.pippin.identity.EntropyPool;
import org.pippin.protocol.Clock;

/**
 * Makes the phone's randomness on its first start, and shows it happening: CLDC has no {@code SecureRandom}, so the
 * {@link EntropyPool} gathers timing jitter (how many loop turns fit between two ticks of the millisecond clock,
 * which moves with interrupts, the radio stack, the garbage collector and every other thread the phone runs) and the
 * times of key presses on this screen, and credits them conservatively: 256 credited bits, twice the 128-bit
 * strength of an Ed25519 key, each credited bit standing for at least two equally likely values of its sample, so
 * the key stays out of reach even if the estimate were too generous by half. A clock that ticks regularly against a
 * deterministic loop earns no credit at all, and the screen then waits for key presses.
 *
 * <p>Later starts need no new gathering: the generator's seed is kept in RMS next to the key it protects (the
 * classic seed file) and replaced at every start by fresh output, before anything else is drawn from it, so no two
 * runs ever start from the same state; the start time and free memory are mixed in as well.
 */
final class KeyMaker extends Canvas {

    /** Samples per slice between screen updates: a few clock ticks each. */
    private static final int SLICE = 16;
    private static final int SEED_BYTES = Drbg.MIN_SEED;

    private final EntropyPool pool;
    private final Clock clock;
    private volatile int bits;

    KeyMaker(Clock clock) {
        this.clock = clock;
        this.pool = new EntropyPool(clock);
        setTitle("Pippin");
    }

    /** Gathers until the pool is ready, repainting as it goes; for a background thread. */
    Drbg gather() {
        while (true) {
            synchronized (pool) {
                if (pool.isReady()) {
                    return pool.newDrbg();
                }
                pool.collect(SLICE);
                bits = pool.creditedBits();
            }
            repaint();
            Thread.yield();
        }
    }

    /** The generator of a later start, from the stored seed. */
    static Drbg fromSeed(byte[] seed, Clock clock) {
        Drbg d = new Drbg(seed);
        long now = clock.nowMillis();
        Runtime rt = Runtime.getRuntime();
        byte[] extra = new byte[16];
        for (int i = 0; i < 8; i++) {
            extra[i] = (byte) (now >>> (56 - 8 * i));
            extra[8 + i] = (byte) (rt.freeMemory() >>> (56 - 8 * i));
        }
        d.reseed(extra);
        return d;
    }

    /** The seed the next start begins from; drawn before anything else, so this run's outputs are never repeated. */
    static byte[] nextSeed(Drbg d) {
        byte[] seed = new byte[SEED_BYTES];
        d.nextBytes(seed, 0, seed.length);
        return seed;
    }

    protected void keyPressed(int keyCode) {
        synchronized (pool) {
            pool.addKeyPress(keyCode, clock.nowMillis());
            bits = pool.creditedBits();
        }
        repaint();
    }

    protected void paint(Graphics g) {
        int w = getWidth();
        int h = getHeight();
        g.setColor(0xFFFFFF);
        g.fillRect(0, 0, w, h);
        g.setColor(0x000000);
        Font f = Font.getDefaultFont();
        int line = f.getHeight() + 2;
        g.drawString("Making this phone's key", 2, 2, Graphics.TOP | Graphics.LEFT);
        g.drawString("Press any keys to help", 2, 2 + line, Graphics.TOP | Graphics.LEFT);
        int barWidth = w - 4;
        g.drawRect(2, 2 + 3 * line, barWidth, line);
        g.fillRect(2, 2 + 3 * line, barWidth * bits / EntropyPool.REQUIRED_BITS, line);
        g.drawString(bits * 100 / EntropyPool.REQUIRED_BITS + "%", 2, 2 + 5 * line, Graphics.TOP | Graphics.LEFT);
    }
}
