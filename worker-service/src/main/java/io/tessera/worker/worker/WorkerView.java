package io.tessera.worker.worker;

import io.tessera.worker.account.Account;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A worker as the API shows one: never the password hash. */
public record WorkerView(UUID id, String username, String displayName, UUID vendorId, UUID teamId,
        List<String> languages, String country, boolean active, Instant createdAt) {
    static WorkerView of(Account account, Worker worker) {
        return new WorkerView(account.id, account.username, account.displayName, account.vendorId, worker.teamId,
                List.copyOf(worker.languages), worker.country, account.active, account.createdAt);
    }
}
