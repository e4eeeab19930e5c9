package io.tessera.worker.status;

import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.tessera.worker.account.Account;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Writes {@code tessera.worker-status} events into the outbox, on Hibernate's connection and so in
 * the transaction of the change they describe. Callers hold the worker's row lock
 * ({@link #lock(UUID)}) while they change what a snapshot contains, so two concurrent changes of one
 * worker publish snapshots in commit order and the later snapshot contains both changes.
 */
@ApplicationScoped
public class WorkerStatus {
    private static final String QUALIFICATION_NAMES = """
            SELECT q.name FROM worker_qualification wq JOIN qualification q ON q.id = wq.qualification_id
            WHERE wq.worker_id = ?1 AND wq.revoked_at IS NULL ORDER BY q.name""";
    private final EntityManager em;
    private final Outbox outbox;

    public WorkerStatus(EntityManager em, Outbox outbox) {
        this.em = em;
        this.outbox = outbox;
    }

    /** The worker's account, locked until the transaction ends; empty if no worker has this id. */
    public Optional<Account> lock(UUID workerId) {
        return Optional.ofNullable(em.find(Account.class, workerId, LockModeType.PESSIMISTIC_WRITE))
                .filter(Account::isWorker);
    }

    /** Publishes the worker's current snapshot (vendor, qualifications, active). */
    public void updated(Account worker) {
        em.flush(); // the snapshot query below is plain SQL and must see this transaction's changes
        @SuppressWarnings("unchecked")
        List<String> qualifications = em.createNativeQuery(QUALIFICATION_NAMES, String.class)
                .setParameter(1, worker.id)
                .getResultList();
        write(WorkerStatusEvents.UPDATED, worker.id,
                new WorkerStatusEvents.Updated(worker.id, worker.vendorId, List.copyOf(qualifications), worker.active));
    }

    public void blocked(WorkerStatusEvents.Blocked event) {
        write(WorkerStatusEvents.BLOCKED, event.workerId(), event);
    }

    public void unblocked(WorkerStatusEvents.Unblocked event) {
        write(WorkerStatusEvents.UNBLOCKED, event.workerId(), event);
    }

    /** After the attempt's blocks and grant, so task-service applies those first (one key, one partition). */
    public void exam(WorkerStatusEvents.Exam event) {
        write(WorkerStatusEvents.EXAM, event.workerId(), event);
    }

    private void write(String type, UUID workerId, Object payload) {
        em.unwrap(Session.class).doWork(c -> outbox.write(c, Topics.WORKER_STATUS, type, workerId.toString(), payload));
    }
}
