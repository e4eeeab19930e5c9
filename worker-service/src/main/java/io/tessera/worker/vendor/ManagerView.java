package io.tessera.worker.vendor;

import io.tessera.worker.account.Account;
import java.time.Instant;
import java.util.UUID;

/** A vendor manager as the API shows one: never the password hash. */
public record ManagerView(UUID id, String username, String displayName, UUID vendorId, boolean active,
        Instant createdAt) {
    static ManagerView of(Account account) {
        return new ManagerView(account.id, account.username, account.displayName, account.vendorId, account.active,
                account.createdAt);
    }
}
