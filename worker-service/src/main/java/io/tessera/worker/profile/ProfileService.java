package io.tessera.worker.profile;

import io.tessera.common.security.Caller;
import io.tessera.worker.ledger.LedgerService;
import io.tessera.worker.qualification.QualificationService;
import io.tessera.worker.skill.Skills;
import io.tessera.worker.worker.WorkerService;
import io.tessera.worker.worker.WorkerView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Puts a worker's profile together from the services that own its parts; who may see it is WorkerService's rule. */
@ApplicationScoped
@Transactional(TxType.SUPPORTS)
public class ProfileService {
    private static final String BLOCKS = """
            SELECT count(*), count(*) FILTER (WHERE scope = 'platform') FROM worker_block
            WHERE worker_id = ?1 AND lifted_at IS NULL AND (until IS NULL OR until > ?2)""";

    private final WorkerService workers;
    private final Skills skills;
    private final QualificationService qualifications;
    private final LedgerService ledger;
    private final EntityManager em;
    private final Clock clock;

    public ProfileService(WorkerService workers, Skills skills, QualificationService qualifications, LedgerService ledger,
            EntityManager em, Clock clock) {
        this.workers = workers;
        this.skills = skills;
        this.qualifications = qualifications;
        this.ledger = ledger;
        this.em = em;
        this.clock = clock;
    }

    public ProfileView me(Caller caller) {
        return of(workers.me(caller), caller);
    }

    public ProfileView profile(UUID workerId, Caller caller) {
        return of(workers.get(workerId, caller), caller);
    }

    private ProfileView of(WorkerView w, Caller caller) {
        Object[] blocks = (Object[]) em.createNativeQuery(BLOCKS)
                .setParameter(1, w.id())
                .setParameter(2, clock.instant())
                .getSingleResult();
        long active = ((Number) blocks[0]).longValue();
        boolean platform = ((Number) blocks[1]).longValue() > 0;
        String status = !w.active() ? "deactivated" : platform ? "blocked" : "active";
        @SuppressWarnings("unchecked")
        List<Object[]> score = em.createNativeQuery(
                "SELECT gold_seen, gold_correct, gold_accuracy, scored_at FROM worker_score WHERE worker_id = ?1")
                .setParameter(1, w.id()).getResultList();
        ProfileView.GoldScores scores = score.stream().findFirst()
                .map(r -> new ProfileView.GoldScores(((Number) r[0]).intValue(), ((Number) r[1]).intValue(),
                        ((Number) r[2]).doubleValue(), instant(r[3])))
                .orElse(null);
        return new ProfileView(w.id(), w.username(), w.displayName(), w.vendorId(), w.teamId(), w.languages(),
                w.country(), w.active(), status, active, w.createdAt(), skills.of(w.id()),
                qualifications.certificates(w.id(), caller), scores, ledger.earnings(w.id(), null, null, caller));
    }

    private static Instant instant(Object value) {
        return value instanceof Instant i ? i
                : value instanceof OffsetDateTime o ? o.toInstant()
                : ((Timestamp) value).toInstant();
    }
}
