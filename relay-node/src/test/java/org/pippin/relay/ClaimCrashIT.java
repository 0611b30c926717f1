package org.pippin.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pippin.identity.Claim;
import org.pippin.identity.RegistrarRecord;
import org.pippin.protocol.Invite;
import org.pippin.protocol.RecordRequest;
import org.pippin.protocol.Registered;
import org.pippin.protocol.Reject;
import org.pippin.protocol.Result;
import org.pippin.protocol.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 of the relay jar (with its one-member embedded registrar) while a CLAIM is on its way through it, then a
 * restart on the same data directory, round after round with the kill a little later each time. After each restart
 * the number is owned once, by the claiming key, or free; the Raft log recovers with every earlier round's number as
 * it was; and the phone's retry of the very same claim gets the answer that matches: REPLAYED with the owner's
 * record if the claim had been applied, GRANTED if not.
 */
public class ClaimCrashIT {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimCrashIT.class);
    private static final long[] KILL_AFTER_MILLIS = {0, 3, 8, 15, 30, 60};

    private static final Pattern READY = Pattern.compile("PIPPIN RELAY READY udp=(\\d+) tcp=\\d+ http=\\d+");

    @TempDir
    Path dir;
    private int launches;

    private Process launch(String[] args) throws IOException {
        String jar = System.getProperty("pippin.relay.jar", "target/pippin-relay.jar");
        assertTrue(Files.exists(Path.of(jar)), jar + " missing: run mvn package");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(dir.resolve("stderr-" + ++launches + ".txt").toFile()).start();
    }

    private static int readyPort(Process relay) throws InterruptedException {
        String ready = RelayJarIT.lines(relay).poll(60, TimeUnit.SECONDS);
        assertNotNull(ready, "no READY line within 60 s");
        Matcher m = READY.matcher(ready);
        assertTrue(m.matches(), ready);
        return Integer.parseInt(m.group(1));
    }

    /** Whether {@code number} is owned, as a caller learns it: UNAVAILABLE (owned, not here) or NOT_IN_SERVICE. */
    private static boolean owned(TestPhone caller, String number, int callId) throws Exception {
        caller.send(new Invite(callId, "", number, TestPhone.GSM, 100, 0));
        Reject r = caller.expect(Reject.class);
        assertTrue(r.reason == Wire.REJECT_UNAVAILABLE || r.reason == Wire.REJECT_NOT_IN_SERVICE, r.toString());
        return r.reason == Wire.REJECT_UNAVAILABLE;
    }

    @Test
    void aClaimCutShortByKillMinus9IsOwnedOnceOrFreeAndItsRetryAgrees() throws Exception {
        String[] args = {"--set", "listen.address=127.0.0.1", "--set", "listen.port=0", "--set", "http.port=0",
            "--set", "listen.tcp.extra.ports=", "--set", "data.dir=" + dir.resolve("data"),
            "--set", "registrar.members=r1@127.0.0.1:" + NumbersTest.freePort(),
            "--set", "registrar.pow.difficulty=" + NumbersTest.DIFFICULTY, "--set", "voicemail.enabled=false"};
        Map<String, Boolean> earlier = new LinkedHashMap<>();
        int applied = 0;
        Process relay = launch(args);
        try {
            int port = readyPort(relay);
            for (int round = 0; round < KILL_AFTER_MILLIS.length; round++) {
                String number = "3700000" + round;
                KeyPhone a = new KeyPhone(TestPhone.udp(port));
                byte[] claim = a.claimRecord(Claim.SPECIFIC, number, NumbersTest.DIFFICULTY);
                a.hello();
                a.phone.send(new RecordRequest(Wire.CLAIM, claim));
                if (KILL_AFTER_MILLIS[round] > 0) {
                    Thread.sleep(KILL_AFTER_MILLIS[round]); // where in the claim's way the kill lands
                }
                relay.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                assertTrue(relay.waitFor(15, TimeUnit.SECONDS), "relay survived SIGKILL");
                a.close();

                relay = launch(args);
                port = readyPort(relay);
                try (TestPhone caller = TestPhone.udp(port);
                        KeyPhone retry = new KeyPhone(TestPhone.udp(port), a.key);
                        KeyPhone other = new KeyPhone(TestPhone.udp(port))) {
                    caller.register("3800000" + round, ("caller-secret-" + round).getBytes(StandardCharsets.US_ASCII));
                    for (Map.Entry<String, Boolean> e : earlier.entrySet()) {
                        assertEquals(e.getValue(), owned(caller, e.getKey(), 0x3700 + round),
                                "round " + round + ": " + e.getKey() + " as the log had it");
                    }
                    boolean wasApplied = owned(caller, number, 0x3710 + round);

                    Result again = retry.request(Wire.CLAIM, claim);
                    if (wasApplied) {
                        applied++;
                        assertEquals(Wire.resultName(Wire.RESULT_REPLAYED), Wire.resultName(again.outcome),
                                again.toString());
                        byte[] r = again.record();
                        RegistrarRecord rec = RegistrarRecord.decode(r, 0, r.length);
                        assertEquals(number, rec.number);
                        assertTrue(java.util.Arrays.equals(a.key.publicKey(), rec.ownerKey()), "owned by a's key");
                    } else {
                        assertEquals(Wire.resultName(Wire.RESULT_GRANTED), Wire.resultName(again.outcome),
                                again.toString());
                    }
                    // Owned exactly once, by a's key: its owner logs in, anyone else's claim finds it taken.
                    assertEquals(number, assertInstanceOf(Registered.class, retry.login(number)).number);
                    assertEquals(Wire.RESULT_TAKEN, other.claim(number, NumbersTest.DIFFICULTY).outcome);
                    earlier.put(number, true);
                }
                String log = Files.readString(dir.resolve("stderr-" + launches + ".txt"));
                assertTrue(log.contains("registrar r1 started (recovered)"), log);
            }
        } finally {
            relay.destroyForcibly();
            relay.waitFor(15, TimeUnit.SECONDS);
        }
        // Which rounds' claims were applied before the kill is the machine's timing; each answer matched its state.
        LOG.info("{} of {} claims were applied before the kill", applied, KILL_AFTER_MILLIS.length);
    }
}
