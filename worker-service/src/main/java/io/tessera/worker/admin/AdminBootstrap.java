package io.tessera.worker.admin;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.tessera.common.error.ApiProblem;
import io.tessera.worker.account.AccountRepository;
import io.tessera.worker.account.Accounts;
import io.tessera.worker.account.PasswordHasher;
import io.tessera.worker.account.Passwords;
import io.tessera.worker.account.Role;
import io.tessera.worker.account.Usernames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Creates the first admin from configuration when the database has none. Several instances may start
 * together: an advisory lock makes exactly one of them create it. A configured password that breaks
 * the password policy stops the start; no configuration at all only warns, because a running
 * service without admins is still useful to whoever fixes it.
 */
@ApplicationScoped
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final AdminConfig config;
    private final AccountRepository accountRepository;
    private final Accounts accounts;
    private final PasswordHasher passwords;

    public AdminBootstrap(AdminConfig config, AccountRepository accountRepository, Accounts accounts,
            PasswordHasher passwords) {
        this.config = config;
        this.accountRepository = accountRepository;
        this.accounts = accounts;
        this.passwords = passwords;
    }

    void onStart(@Observes StartupEvent event) {
        bootstrap();
    }

    /** Returns true when this call created the admin. */
    public boolean bootstrap() {
        if (config.username().isEmpty() || config.password().isEmpty()) {
            boolean exists = QuarkusTransaction.requiringNew().call(accountRepository::adminExists);
            if (!exists) {
                String which = config.username().isPresent()
                        ? "TESSERA_ADMIN_USERNAME is set but TESSERA_ADMIN_PASSWORD is not"
                        : config.password().isPresent()
                                ? "TESSERA_ADMIN_PASSWORD is set but TESSERA_ADMIN_USERNAME is not"
                                : "none is configured";
                LOG.warnf("No admin account exists and %s: set TESSERA_ADMIN_USERNAME and TESSERA_ADMIN_PASSWORD and "
                        + "restart, or nobody can create organisations, vendors or workers", which);
            }
            return false;
        }
        String username = config.username().get();
        String password = config.password().get();
        if (!username.matches(Usernames.PATTERN)) {
            throw new IllegalStateException("TESSERA_ADMIN_USERNAME " + Usernames.PATTERN_MESSAGE);
        }
        if (password.length() < Passwords.MIN_LENGTH || password.length() > Passwords.MAX_LENGTH) {
            throw new IllegalStateException("TESSERA_ADMIN_PASSWORD must have " + Passwords.MIN_LENGTH + " to "
                    + Passwords.MAX_LENGTH + " characters");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            accountRepository.lockAdminBootstrap();
            if (accountRepository.adminExists()) {
                return false;
            }
            try {
                accounts.create(username, passwords.hash(password), Role.ADMIN, null, null);
            } catch (ApiProblem e) {
                throw new IllegalStateException("Cannot create the first admin: " + e.getMessage()
                        + " by an account that is not an admin; choose another TESSERA_ADMIN_USERNAME");
            }
            LOG.infof("Created the first admin account %s", Usernames.normalise(username));
            return true;
        });
    }
}
