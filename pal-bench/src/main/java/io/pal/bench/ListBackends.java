package io.pal.bench;

import io.pal.BackendName;
import io.pal.spi.Backends;

import java.util.List;
import java.util.stream.Collectors;

/** Prints the backends this class path can run, space-separated, for bench/run.sh. */
public final class ListBackends {
    private ListBackends() {
    }

    public static void main(String[] args) {
        List<BackendName> available = Backends.available();
        System.out.println(available.stream().map(BackendName::id).collect(Collectors.joining(" ")));
    }
}
