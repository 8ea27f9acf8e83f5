package io.pal.examples.net;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name value} command-line options; {@link #finish} rejects any that nobody asked for. */
public final class Options {

    /** Options not yet asked for, in command-line order. */
    private final Map<String, String> unread = new LinkedHashMap<>();

    public Options(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            unread.put(args[i], args[++i]);
        }
    }

    public String get(String name, String otherwise) {
        String v = unread.remove(name);
        return v != null ? v : otherwise;
    }

    public String require(String name) {
        String v = unread.remove(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    public void finish() {
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + String.join(", ", unread.keySet()));
        }
    }
}
