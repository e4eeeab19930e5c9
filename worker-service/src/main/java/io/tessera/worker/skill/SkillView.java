package io.tessera.worker.skill;

import java.time.Instant;

/**
 * One skill on a worker's profile: {@code level} in [0, 1]. {@code source} {@code admin} (granted or
 * adjusted by an admin: {@code setAt}) or {@code gold} (earned: the Beta(1,1)-smoothed gold accuracy
 * over {@code goldSeen} scored gold answers in jobs of the label kind the skill is named after).
 */
public record SkillView(String name, double level, String source, Integer goldSeen, Integer goldCorrect,
        Instant setAt) {
}
