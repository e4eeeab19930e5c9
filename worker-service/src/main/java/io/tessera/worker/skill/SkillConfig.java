package io.tessera.worker.skill;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tessera.skills.*}: when gold answers make an earned skill. */
@ConfigMapping(prefix = "tessera.skills")
public interface SkillConfig {
    /** Scored gold answers in jobs of a label kind before the kind shows as an earned skill. */
    @WithDefault("10")
    int minGold();
}
