package io.pal.examples;

import io.pal.Pal;
import io.pal.Strand;
import io.pal.channel.Channel;
import io.pal.group.StrandGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A strand group: four tellers share one plain {@code HashMap} of balances with no lock, because
 * the members of a group never run at the same time; they take turns only where one of them waits
 * through pal (here: receiving the next transfer, and sleeping to "record" it). {@code Pal.atomic}
 * marks the code that must not be interleaved and checks it: a suspension inside it throws.
 * Run: {@code bin/pal run [--backend B] -cp examples/target/classes io.pal.examples.GroupExample}
 */
public final class GroupExample {

    /** Moves {@code amount} from one account to another. */
    private record Transfer(String from, String to, int amount) {
    }

    private static final List<String> ACCOUNTS = List.of("alice", "bob", "carol");

    private GroupExample() {
    }

    public static void main(String[] args) throws Exception {
        StrandGroup bank = Pal.newGroup("bank");
        Map<String, Integer> balances = new HashMap<>(); // shared by the tellers: no lock, no volatile
        ACCOUNTS.forEach(a -> balances.put(a, 100));
        Channel<Transfer> requests = Channel.buffered(16);

        List<Strand<Integer>> tellers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            tellers.add(bank.spawn("teller-" + t, () -> {
                int handled = 0;
                for (Transfer tr : requests) {               // waits through pal: another teller may run
                    Pal.atomic(() -> {                       // no teller can run in here, and that is checked
                        balances.merge(tr.from(), -tr.amount(), Integer::sum);
                        balances.merge(tr.to(), tr.amount(), Integer::sum);
                    });
                    Pal.sleep(Duration.ofMillis(1));         // "record" it: another turn for the others
                    handled++;
                }
                return handled;
            }));
        }

        Strand<Void> customers = Pal.spawn("customers", () -> { // not in the group: runs in parallel with it
            Random random = new Random(42);
            for (int i = 0; i < 1_000; i++) {
                String from = ACCOUNTS.get(random.nextInt(3));
                String to = ACCOUNTS.get(random.nextInt(3));
                requests.send(new Transfer(from, to, 1 + random.nextInt(20)));
            }
            requests.close();
            return null;
        });
        customers.join();

        List<Integer> handled = new ArrayList<>();
        for (Strand<Integer> teller : tellers) {
            handled.add(teller.join());
        }
        int total = bank.spawn(() -> balances.values().stream().mapToInt(Integer::intValue).sum()).join();
        System.out.println("1000 transfers by 4 tellers sharing one HashMap without a lock (on " + Pal.backend()
                + "): transfers per teller " + handled + ", balances " + new java.util.TreeMap<>(balances)
                + ", total " + total + " (always 300)");

        try {
            Pal.atomic(Pal::yieldNow);
        } catch (IllegalStateException e) {
            System.out.println("a suspension inside Pal.atomic is refused: " + e.getMessage());
        }
    }
}
