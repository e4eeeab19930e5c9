package io.tessera.quality.aggregation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The categorical algorithms by name, with Crowd-Kit's default hyper-parameters. */
public final class Aggregators {

    private static final Map<String, Supplier<Aggregator>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("mv", MajorityVote::new);
        BY_NAME.put("wawa", Wawa::new);
        BY_NAME.put("zbs", ZeroBasedSkill::new);
        BY_NAME.put("ds", DawidSkene::new);
        BY_NAME.put("onecoin", OneCoinDawidSkene::new);
        BY_NAME.put("glad", Glad::new);
        BY_NAME.put("mace", Mace::new);
    }

    private Aggregators() {
    }

    /** Names in a stable order: mv, wawa, zbs, ds, onecoin, glad, mace. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** A new aggregator with default parameters. */
    public static Optional<Aggregator> byName(String name) {
        Supplier<Aggregator> s = BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT));
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    /** All algorithms with default parameters. */
    public static List<Aggregator> all() {
        return BY_NAME.values().stream().map(Supplier::get).toList();
    }
}
