package io.tessera.worker.profile;

import io.tessera.worker.ledger.EarningsView;
import io.tessera.worker.qualification.CertificateView;
import io.tessera.worker.skill.SkillView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A worker's profile as the worker, their vendor manager and admins read it: the account, a status
 * summary, skills, qualifications held, the latest gold scores and the all-time earnings.
 * {@code status}: {@code deactivated} (cannot sign in or claim), {@code blocked} (an active platform
 * block), else {@code active}; {@code activeBlocks} counts blocks in force in every scope.
 */
public record ProfileView(UUID id, String username, String displayName, UUID vendorId, UUID teamId,
        List<String> languages, String country, boolean active, String status, long activeBlocks, Instant createdAt,
        List<SkillView> skills, List<CertificateView> qualifications, GoldScores scores, EarningsView earnings) {

    /** quality-service's latest overall figures for the worker (accuracy Beta-smoothed), null before the first. */
    public record GoldScores(int goldSeen, int goldCorrect, double goldAccuracy, Instant scoredAt) {
    }
}
