package org.pippin.registrar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A group of three Ratis members on loopback ports: races, lost members, a lost leader, restarts. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ThreeMembersIT {

    private static final int D = Cluster.TEST_DIFFICULTY;

    @TempDir
    Path dir;

    @Test
    void racingClaimsForOneNumberHaveExactlyOneWinner() throws Exception {
        int phones = 16;
        try (Cluster c = Cluster.start(dir, 3); RegistrarClient client = c.client()) {
            c.awaitLeader();
            List<Phone> racers = new ArrayList<>();
            List<byte[]> claims = new ArrayList<>();
            for (int i = 0; i < phones; i++) {
                racers.add(new Phone());
                claims.add(racers.get(i).claim("44444444", c.clock.epochMillis(), D));
            }
            List<Reply> replies = race(phones, i -> client.claim(claims.get(i)));
            int winner = -1;
            for (int i = 0; i < phones; i++) {
                Outcome o = replies.get(i).outcome;
                if (o == Outcome.GRANTED) {
                    assertEquals(-1, winner, "two winners");
                    winner = i;
                } else {
                    assertEquals(Outcome.TAKEN, o, "phone " + i + ": " + replies.get(i));
                }
            }
            assertTrue(winner >= 0, "no winner");
            assertArrayEquals(racers.get(winner).publicKey(), client.lookup("44444444").registrarRecord().ownerKey());

            List<Reply> randoms = race(phones, i -> client.claim(racers.get(i).claimRandom("7", c.clock.epochMillis(),
                    D)));
            Set<String> numbers = new HashSet<>();
            for (Reply r : randoms) {
                assertEquals(Outcome.GRANTED, r.outcome);
                assertTrue(numbers.add(r.registrarRecord().number));
            }
        }
    }

    @Test
    void losingOneMemberKeepsTheGroupWorkingAndARestartedMemberCatchesUp() throws Exception {
        Phone alice = new Phone();
        Phone bob = new Phone();
        Phone carol = new Phone();
        try (Cluster c = Cluster.start(dir, 3); RegistrarClient client = c.client()) {
            int leader = c.awaitLeader();
            assertEquals(Outcome.GRANTED, client.claim(alice.claim("11111111", c.clock.epochMillis(), D)).outcome);

            int follower = (leader + 1) % 3;
            c.stop(follower);
            assertEquals(Outcome.GRANTED, client.claim(bob.claim("22222222", c.clock.epochMillis(), D)).outcome);

            c.stop(leader);
            c.start(follower);
            // The restarted follower and the third member form a majority: it must have caught up on 22222222.
            assertEquals(Outcome.GRANTED, client.claim(carol.claim("33333333", c.clock.epochMillis(), D)).outcome);
            assertEquals(Outcome.TAKEN, client.claim(carol.claim("22222222", c.clock.epochMillis(), D)).outcome);
            assertArrayEquals(alice.publicKey(), client.lookup("11111111").registrarRecord().ownerKey());
            assertArrayEquals(bob.publicKey(), client.lookup("22222222").registrarRecord().ownerKey());
            c.start(leader);
        }
    }

    @Test
    void losingTheLeaderMidClaimNeverMakesTwoOwners() throws Exception {
        int numbers = 12;
        try (Cluster c = Cluster.start(dir, 3); RegistrarClient client = c.client()) {
            int leader = c.awaitLeader();
            List<Phone> phones = new ArrayList<>();
            List<byte[]> claims = new ArrayList<>();
            for (int i = 0; i < 2 * numbers; i++) {
                phones.add(new Phone());
                claims.add(phones.get(i).claim(number(i % numbers), c.clock.epochMillis(), D));
            }
            ExecutorService pool = Executors.newFixedThreadPool(2 * numbers);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 2 * numbers; i++) {
                    int n = i;
                    replies.add(pool.submit(() -> {
                        go.await();
                        return client.claim(claims.get(n));
                    }));
                }
                go.countDown();
                c.stop(leader);
                c.awaitLeader();
                for (int n = 0; n < numbers; n++) {
                    Reply first = replies.get(n).get();
                    Reply second = replies.get(n + numbers).get();
                    Reply owner = client.lookup(number(n));
                    assertOneOwner(owner, phones.get(n), first, phones.get(n + numbers), second);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Of two racers for one number at most one was GRANTED, and the registry's owner is never a loser. */
    private static void assertOneOwner(Reply lookup, Phone a, Reply ra, Phone b, Reply rb) throws Exception {
        for (Reply r : List.of(ra, rb)) {
            assertTrue(Set.of(Outcome.GRANTED, Outcome.TAKEN, Outcome.FAILED).contains(r.outcome), r.toString());
        }
        assertTrue(ra.outcome != Outcome.GRANTED || rb.outcome != Outcome.GRANTED, "both granted");
        if (lookup.outcome == Outcome.FREE) {
            assertTrue(ra.outcome == Outcome.FAILED && rb.outcome == Outcome.FAILED, ra + " / " + rb);
            return;
        }
        assertEquals(Outcome.OWNED, lookup.outcome);
        byte[] owner = lookup.registrarRecord().ownerKey();
        Phone winner = java.util.Arrays.equals(owner, a.publicKey()) ? a : b;
        assertArrayEquals(winner.publicKey(), owner, "owner is neither racer");
        Reply winnerReply = winner == a ? ra : rb;
        Reply loserReply = winner == a ? rb : ra;
        assertTrue(winnerReply.outcome != Outcome.TAKEN, "the owner was told TAKEN");
        assertTrue(loserReply.outcome != Outcome.GRANTED, "a loser was told GRANTED");
    }

    private static String number(int i) {
        return Integer.toString(50_000_000 + i);
    }

    private interface Attempt {
        Reply run(int i) throws Exception;
    }

    /** Runs {@code n} attempts at once, released together, and returns their replies in order. */
    private static List<Reply> race(int n, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                Callable<Reply> task = () -> {
                    go.await();
                    return attempt.run(k);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<Reply> out = new ArrayList<>();
            for (Future<Reply> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
