package io.tessera.bench;

import java.util.Map;
import java.util.TreeMap;

/** One measured window: a number of workers (HTTP) or connections (raw SQL), one repetition. */
record Measurement(String side, int n, int rep, double seconds, long labels, double claimP50, double claimP95,
        double claimP99, double submitP50, double submitP99, long errors, long noWork, Map<String, Double> cpu,
        Map<String, Long> problems, String waits, Map<String, Double> db,
        String reads) {

    double rate() {
        return labels / seconds;
    }

    static Map<String, Long> counts() {
        return new TreeMap<>();
    }
}
