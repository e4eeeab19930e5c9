package io.tessera.worker.account;

import io.tessera.common.error.ApiProblem;
import io.tessera.worker.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Creates accounts for the services that own the kinds of people (workers, vendor managers, the
 * bootstrap admin). Runs inside the caller's transaction.
 */
@ApplicationScoped
public class Accounts {
    private final AccountRepository accounts;
    private final Clock clock;

    public Accounts(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * Inserts an account; {@code passwordHash} comes from {@link PasswordHasher#hash} (made before the
     * transaction). A taken username is a 409, also when a concurrent request took it a moment ago.
     */
    public Account create(String username, String passwordHash, Role role, String displayName, UUID vendorId) {
        String name = Usernames.normalise(username);
        if (accounts.usernameTaken(name)) {
            throw taken(name);
        }
        Account account = new Account();
        account.id = UUID.randomUUID();
        account.username = name;
        account.passwordHash = passwordHash;
        account.role = role;
        account.displayName = displayName == null ? name : displayName.strip();
        account.vendorId = vendorId;
        account.active = true;
        account.createdAt = Timestamps.now(clock);
        try {
            accounts.persistAndFlush(account);
        } catch (PersistenceException e) {
            if (violates(e, "account_username_key")) {
                throw taken(name);
            }
            throw e;
        }
        return account;
    }

    private static boolean violates(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && constraint.equals(c.getConstraintName())) {
                return true;
            }
        }
        return false;
    }

    private static ApiProblem taken(String username) {
        return ApiProblem.conflict("The username " + username + " is taken");
    }
}
