package org.pippin.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of a benchmark, with defaults. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    String string(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    int integer(String name, int dflt) {
        return Integer.parseInt(string(name, Integer.toString(dflt)));
    }

    double real(String name, double dflt) {
        return Double.parseDouble(string(name, Double.toString(dflt)));
    }

    int[] ints(String name, String dflt) {
        String[] parts = string(name, dflt).split(",");
        int[] v = new int[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Integer.parseInt(parts[i].trim());
        }
        return v;
    }
}
