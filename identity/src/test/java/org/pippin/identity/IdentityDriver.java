package org.pippin.identity;

import org.pippin.protocol.VoicePacket;

/**
 * Speed driver, run on demand (not a test): SHA-256 proof-of-work rate and solve times at 12/16/20 bits, Ed25519 key
 * generation, signing and verifying, X25519 agreement, voice packet sealing and opening, and filling the entropy pool
 * on this machine's clock. Run it twice: with the JIT, and with {@code -Xint} as a rough stand-in for a phone's
 * interpreting VM.
 *
 * <pre>
 * mvn -B -q -pl identity -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java [-Xint] -cp identity/target/test-classes:identity/target/classes:$(cat identity/target/cp.txt) \
 *     org.pippin.identity.IdentityDriver [solves per difficulty, default 5]
 * </pre>
 */
public final class IdentityDriver {

    private IdentityDriver() {
    }

    public static void main(String[] args) throws IdentityException {
        int solves = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println("VM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.info"));
        Drbg random = new Drbg(new byte[32]);
        long first = System.nanoTime();
        IdentityKey key = IdentityKey.generate(random);
        System.out.printf("first Ed25519 key (includes the one-time precomputation): %.1f ms%n",
            seconds(first) * 1000);

        ProofOfWork rate = Claim.work(Claim.SPECIFIC, "96512345", key.publicKey(), 1764000000L, 40);
        rate.search(20000);
        long t0 = System.nanoTime();
        rate.search(200000);
        double hashesPerSecond = 200000 / seconds(t0);
        System.out.printf("proof of work: %.0f hashes/s%n", hashesPerSecond);
        for (int difficulty : new int[] {12, 16, 20}) {
            long tries = 0;
            long start = System.nanoTime();
            for (int i = 0; i < solves; i++) {
                ProofOfWork work = Claim.work(Claim.SPECIFIC, "96512345", key.publicKey(), 1764000000L + i,
                    difficulty);
                while (!work.search(4096)) {
                    // slices of 4096 tries, as a phone's worker thread would run them
                }
                tries += work.tries();
            }
            double elapsed = seconds(start);
            System.out.printf("  difficulty %d: %d solves, mean %.0f tries (expected %d), mean %.2f s, expected %.2f s"
                + "%n", difficulty, solves, (double) tries / solves, 1L << difficulty, elapsed / solves,
                (1L << difficulty) / hashesPerSecond);
        }

        byte[] message = new byte[120];
        time("Ed25519 key generation", 200, () -> IdentityKey.generate(random));
        byte[] sig = new byte[64];
        time("Ed25519 sign (120-byte record)", 200, () -> key.sign("pippin bench", message, 0, message.length, sig, 0));
        byte[] publicKey = key.publicKey();
        time("Ed25519 verify", 200, () -> IdentityKey.verify(publicKey, "pippin bench", message, 0, message.length, sig,
            0));
        EphemeralKey a = EphemeralKey.generate(random);
        byte[] peer = EphemeralKey.generate(random).publicKey();
        time("X25519 key generation", 200, () -> EphemeralKey.generate(random));
        time("X25519 agreement", 200, () -> {
            try {
                a.agree(peer);
            } catch (IdentityException e) {
                throw new IllegalStateException(e);
            }
        });

        VoiceCipher sender = new VoiceCipher(new byte[32], new byte[32]);
        VoiceCipher receiver = new VoiceCipher(new byte[32], new byte[32]);
        byte[] packet = new byte[4 + 165 + VoiceCipher.TAG_SIZE];
        int[] seq = {0};
        time("voice packet seal + open (GSM, 100 ms, 165 bytes)", 2000, () -> {
            VoicePacket.writeHeader(packet, 0, 1, seq[0]++);
            if (receiver.open(packet, 0, sender.seal(packet, 0, 4 + 165)) < 0) {
                throw new IllegalStateException("packet refused");
            }
        });

        long start = System.nanoTime();
        EntropyPool pool = new EntropyPool(System::currentTimeMillis);
        int samples = 0;
        while (!pool.isReady()) {
            pool.collect(8);
            samples += 8;
        }
        System.out.printf("entropy pool: %d bits credited after %d jitter samples in %.2f s%n",
            pool.creditedBits(), samples, seconds(start));
    }

    private static void time(String what, int reps, Runnable op) {
        for (int i = 0; i < Math.max(2, reps / 4); i++) {
            op.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            op.run();
        }
        System.out.printf("%s: %.3f ms each%n", what, seconds(start) * 1000 / reps);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
