package io.pal.examples.sim;

/**
 * Two transfers between the same two accounts, in opposite directions, each locking the account
 * it takes from, then the one it pays into: if each takes its first lock before the other takes
 * its second, both wait forever. On a real machine the window is a few instructions wide and the
 * program nearly always ends. Under {@code pal.backend=sim} every monitor enter is a scheduling
 * point, so {@code bin/pal sim --seeds 1..500} finds a seed that deadlocks it; the report names
 * both threads, the monitors they wait to enter, and their stacks. The fix is one lock order
 * (lock the account with the smaller id first).
 */
public final class LockOrderDeadlock {

    /** An account; its monitor guards its balance. */
    static final class Account {
        private final String name;
        private long balance;

        Account(String name, long balance) {
            this.name = name;
            this.balance = balance;
        }

        @Override
        public String toString() {
            return name + "=" + balance;
        }
    }

    /** BUG: locks {@code from} then {@code to}, so two opposite transfers lock in opposite orders. */
    static void transfer(Account from, Account to, long amount) {
        synchronized (from) {
            synchronized (to) {
                from.balance -= amount;
                to.balance += amount;
            }
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Account a = new Account("a", 100);
        Account b = new Account("b", 100);
        Thread ab = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                transfer(a, b, 10);
            }
        }, "a-to-b");
        Thread ba = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                transfer(b, a, 5);
            }
        }, "b-to-a");
        ab.start();
        ba.start();
        ab.join();
        ba.join();
        System.out.println(a + " " + b);
    }
}
