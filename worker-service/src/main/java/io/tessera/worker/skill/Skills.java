package io.tessera.worker.skill;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import io.tessera.worker.Timestamps;
import io.tessera.worker.status.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Skills: numeric levels in [0, 1] per skill name. Earned ones come from quality-service's gold
 * scores: for each label kind the worker has at least {@link SkillConfig#minGold()} scored gold
 * answers in, the skill named after the kind ({@code categorical}, {@code bounding-boxes}, …) at
 * {@code (correct + 1) / (seen + 2)} over those answers (each job's latest figures from
 * {@code worker.scored}, summed over the jobs of that kind). An admin grants any skill name or
 * adjusts an earned one; the admin's level wins until the admin removes it.
 */
@ApplicationScoped
@Transactional
public class Skills {
    public static final String NAME = "[a-z0-9][a-z0-9._-]{0,99}";
    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);
    private static final String EARNED = """
            SELECT k.label_kind, sum(s.gold_seen), sum(s.gold_correct)
            FROM worker_job_score s JOIN job_kind k ON k.job_id = s.job_id
            WHERE s.worker_id = ?1 GROUP BY k.label_kind""";
    private static final String SET = """
            INSERT INTO worker_skill (worker_id, name, level, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (worker_id, name) DO UPDATE SET level = EXCLUDED.level, set_by = EXCLUDED.set_by,
                set_at = EXCLUDED.set_at""";

    private final EntityManager em;
    private final WorkerStatus workers;
    private final SkillConfig config;
    private final Clock clock;

    public Skills(EntityManager em, WorkerStatus workers, SkillConfig config, Clock clock) {
        this.em = em;
        this.workers = workers;
        this.config = config;
        this.clock = clock;
    }

    /** The worker's skills by name: the admin's levels, and the earned ones the admin did not set. */
    @Transactional(TxType.SUPPORTS)
    public List<SkillView> of(UUID workerId) {
        Map<String, SkillView> skills = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> earned = em.createNativeQuery(EARNED).setParameter(1, workerId).getResultList();
        for (Object[] r : earned) {
            int seen = ((Number) r[1]).intValue();
            int correct = ((Number) r[2]).intValue();
            if (seen >= config.minGold()) {
                skills.put((String) r[0], new SkillView((String) r[0], (correct + 1.0) / (seen + 2.0), "gold", seen,
                        correct, null));
            }
        }
        @SuppressWarnings("unchecked")
        List<Object[]> set = em.createNativeQuery("SELECT name, level, set_at FROM worker_skill WHERE worker_id = ?1")
                .setParameter(1, workerId).getResultList();
        for (Object[] r : set) {
            skills.put((String) r[0], new SkillView((String) r[0], ((Number) r[1]).doubleValue(), "admin", null, null,
                    instant(r[2])));
        }
        List<SkillView> out = new ArrayList<>(skills.values());
        out.sort(Comparator.comparing(SkillView::name));
        return out;
    }

    /** Admins: grants or adjusts a skill; 400 for a malformed name, 404 for an unknown worker. */
    public SkillView set(UUID workerId, String name, SetSkillRequest request, Caller caller) {
        checkName(name);
        workers.lock(workerId).orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        Instant now = Timestamps.now(clock);
        em.createNativeQuery(SET)
                .setParameter(1, workerId)
                .setParameter(2, name)
                .setParameter(3, request.level())
                .setParameter(4, caller.id())
                .setParameter(5, now)
                .executeUpdate();
        return new SkillView(name, request.level(), "admin", null, null, now);
    }

    /** Admins: removes the admin's level (an earned level shows again); 404 if the admin set none. */
    public void remove(UUID workerId, String name) {
        checkName(name);
        workers.lock(workerId).orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
        int removed = em.createNativeQuery("DELETE FROM worker_skill WHERE worker_id = ?1 AND name = ?2")
                .setParameter(1, workerId)
                .setParameter(2, name)
                .executeUpdate();
        if (removed == 0) {
            throw ApiProblem.notFound("Skill set by an admin", name);
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw ApiProblem.badRequest("name", "must be 1 to 100 of a-z 0-9 . _ - starting with a letter or digit");
        }
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i
                : value instanceof OffsetDateTime o ? o.toInstant()
                : ((Timestamp) value).toInstant();
    }
}
