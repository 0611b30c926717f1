package org.pippin.registrar;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The registry's request decoding and decisions on a fresh {@link RegistryState}, deterministically and without Ratis:
 * arbitrary requests (raw bytes, or genuine signed claims, releases, logins and block lists of two phones so the
 * registry has owners to disturb) stamped by a leader with sane times, arbitrary queries and arbitrary raw log
 * entries. Nothing throws, every reply is one {@link Reply#decode} reads back, and a member that replays the same
 * entries reaches the same snapshot.
 */
class RegistryStateFuzzTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final NetworkSettings SETTINGS = new NetworkSettings(NetworkSettings.MIN_DIFFICULTY, 8,
        List.of(new NetworkSettings.Range(0, 9_999_999)), 30, 365, 600);
    private static final String[] NUMBERS = {"12345678", "12345679", "99999999"};
    private static final Phone[] PHONES = {new Phone(), new Phone()};
    private static final RegistrarKey KEY;

    static {
        try {
            Path dir = Files.createTempDirectory("pippin-fuzz");
            KEY = RegistrarKey.loadOrCreate(dir.resolve("key"));
            Files.delete(dir.resolve("key"));
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void requests(FuzzedDataProvider in) throws IOException {
        RegistryState state = new RegistryState();
        RegistryState replica = new RegistryState();
        long time = T0;
        // At most 100 requests up to 40 days apart: every time stays a 32-bit record time (until 2106).
        for (int i = 0; i < 100 && in.remainingBytes() > 0; i++) {
            time += in.consumeLong(0, 40L * NetworkSettings.DAY_MILLIS);
            Phone phone = PHONES[in.consumeInt(0, 1)];
            String number = NUMBERS[in.consumeInt(0, NUMBERS.length - 1)];
            byte[] entry;
            switch (in.consumeInt(0, 8)) {
                case 0:
                    entry = stamp(time, in,
                        Commands.request(Commands.CLAIM, phone.claim(number, time, SETTINGS.difficulty)));
                    break;
                case 1:
                    entry = stamp(time, in, Commands.request(Commands.RELEASE, phone.release(number, time)));
                    break;
                case 2:
                    entry = stamp(time, in, Commands.request(Commands.LOGIN, phone.login(number, time)));
                    break;
                case 3:
                    entry = stamp(time, in, Commands.request(Commands.BLOCK_LIST,
                        phone.blockList(number, in.consumeLong(0, 0xFFFFFFFFL), NUMBERS[0])));
                    break;
                case 4:
                    check(state.query(in.consumeBytes(in.consumeInt(0, 40)), time, SETTINGS).reply(KEY, time));
                    continue;
                case 5:
                    entry = in.consumeBytes(in.consumeInt(0, 300));
                    break;
                case 6:
                    entry = stamp(time, in, Commands.request(Commands.LINKS, org.pippin.identity.LinkedNumbers.sign(
                        phone.key, number, in.consumeLong(0, 0xFFFFFFFFL), in.consumeInt(0, 1), 10,
                        new String[] {"+96512345601", NUMBERS[0].equals(number) ? NUMBERS[1] : NUMBERS[0]}).encode()));
                    break;
                case 7:
                    entry = stamp(time, in, Commands.request(Commands.LINK_VERIFIED, org.pippin.identity.LinkCheck
                        .sign(phone.key, number, time / 1000, "+9651234560" + in.consumeInt(0, 9), "1234").encode()));
                    break;
                default:
                    entry = stamp(time, in, in.consumeBytes(in.consumeInt(0, Commands.MAX_COMMAND + 1)));
                    break;
            }
            check(state.apply(entry).reply(KEY, state.now()));
            replica.apply(entry);
        }
        assertTrue(Arrays.equals(snapshot(state), snapshot(replica)), "replicas diverged");
        RegistryState restored = RegistryState.read(new DataInputStream(new ByteArrayInputStream(snapshot(state))));
        assertTrue(Arrays.equals(snapshot(state), snapshot(restored)), "snapshot does not restore");
    }

    private static byte[] stamp(long time, FuzzedDataProvider in, byte[] command) {
        return Commands.stamp(time, in.consumeLong(), SETTINGS, command);
    }

    private static void check(byte[] reply) {
        assertNotEquals(Outcome.FAILED, Reply.decode(reply).outcome, "undecodable reply");
    }

    private static byte[] snapshot(RegistryState s) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.write(new DataOutputStream(b));
        return b.toByteArray();
    }
}
