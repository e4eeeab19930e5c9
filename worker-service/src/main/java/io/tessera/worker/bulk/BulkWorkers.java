package io.tessera.worker.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tessera.common.error.ApiProblem;
import io.tessera.common.error.FieldError;
import io.tessera.common.event.Topics;
import io.tessera.common.outbox.Outbox;
import io.tessera.common.security.Caller;
import io.tessera.worker.Timestamps;
import io.tessera.worker.account.PasswordHasher;
import io.tessera.worker.account.Passwords;
import io.tessera.worker.account.SignUpCodes;
import io.tessera.worker.account.Usernames;
import io.tessera.worker.status.WorkerStatusEvents;
import io.tessera.worker.team.TeamRepository;
import io.tessera.worker.vendor.VendorAccess;
import io.tessera.worker.vendor.VendorRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.InputStream;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.hibernate.Session;

/**
 * Creates and (de)activates a vendor's workers in batches, all or nothing: any bad row rejects the
 * whole batch with a 400 naming each row and field, and nothing is stored.
 * <p>
 * Rows without a password get a one-time sign-up code instead of a PBKDF2 hash, which keeps a
 * 10,000-row batch at seconds (10,000 hashes at 600,000 iterations take about 40 minutes of one core).
 * Rows with a password (at most {@link BulkConfig#maxPasswords()}) are hashed on a shared pool of
 * {@link BulkConfig#hashThreads()} threads before any connection is taken. Inserts are plain JDBC
 * batches on Hibernate's connection, with one {@code worker.updated} outbox row per worker, in one
 * transaction.
 */
@ApplicationScoped
public class BulkWorkers {
    static final Set<String> CREATE_FIELDS = new LinkedHashSet<>(
            List.of("username", "password", "displayName", "languages", "country", "team"));
    static final Set<String> STATUS_FIELDS = new LinkedHashSet<>(List.of("username", "id"));
    private static final Set<String> LISTS = Set.of("languages");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern USERNAME = Pattern.compile(Usernames.PATTERN);
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
    private static final int MAX_LANGUAGES = 20;
    private static final int MAX_DISPLAY_NAME = 200;
    private static final int JDBC_BATCH = 500;
    /** The password hash of an account that has no password yet: matches none ({@link PasswordHasher#verify}). */
    public static final String NO_PASSWORD = "!";

    private final EntityManager em;
    private final VendorRepository vendors;
    private final TeamRepository teams;
    private final PasswordHasher passwords;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final BulkConfig config;
    private final Clock clock;
    private final ExecutorService hashPool;
    private final io.tessera.worker.status.WorkerStatus status;

    public BulkWorkers(EntityManager em, VendorRepository vendors, TeamRepository teams, PasswordHasher passwords,
            Outbox outbox, ObjectMapper json, BulkConfig config, Clock clock, io.tessera.worker.status.WorkerStatus status) {
        this.em = em;
        this.status = status;
        this.teams = teams;
        this.vendors = vendors;
        this.passwords = passwords;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.clock = clock;
        int threads = config.hashThreads().orElse(Runtime.getRuntime().availableProcessors());
        this.hashPool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "bulk-password-hash");
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        hashPool.shutdownNow();
    }

    /** A new worker from one row, validated; {@code hash} and {@code code} are filled in before the insert. */
    private record NewWorker(Row row, String username, String password, String displayName, List<String> languages,
            String country, String team) {
    }

    private record Row(String where, BulkRows.Row source) {
    }

    public BulkViews.Created create(UUID vendorId, InputStream body, boolean csv, Caller caller) {
        VendorAccess.checkManage(caller, vendorId);
        requireVendor(vendorId);
        List<BulkRows.Row> rows = BulkRows.read(body, csv, json, CREATE_FIELDS, LISTS, config.maxRows());
        List<FieldError> errors = new ArrayList<>();
        List<NewWorker> workers = new ArrayList<>(rows.size());
        Map<String, String> seen = new HashMap<>();
        for (BulkRows.Row row : rows) {
            NewWorker w = validate(row, errors);
            if (w != null) {
                String first = seen.putIfAbsent(w.username(), row.where());
                if (first != null) {
                    errors.add(new FieldError(row.field("username"), "'" + w.username() + "' appears twice in this batch (first at " + first + ")"));
                } else {
                    workers.add(w);
                }
            }
        }
        long withPassword = rows.stream().filter(r -> r.cells().containsKey("password")).count();
        if (withPassword > config.maxPasswords()) {
            errors.add(new FieldError("password", withPassword + " rows carry a password, at most " + config.maxPasswords()
                    + " may (each costs a slow hash); leave it out to get a one-time sign-up code"));
        }
        BulkRows.reject(errors);
        Set<String> taken = QuarkusTransaction.requiringNew().call(() -> taken(seen.keySet()));
        Map<String, UUID> teamIds = QuarkusTransaction.requiringNew().call(() -> {
            Map<String, UUID> byName = new HashMap<>();
            teams.ofVendor(vendorId).forEach(t -> byName.put(t.name.toLowerCase(Locale.ROOT), t.id));
            return byName;
        });
        for (NewWorker w : workers) {
            if (taken.contains(w.username())) {
                errors.add(new FieldError(w.row().source().field("username"), "'" + w.username() + "' is taken"));
            }
            if (w.team() != null && !teamIds.containsKey(w.team().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(w.row().source().field("team"), "no team of this vendor is named '" + w.team() + "'"));
            }
        }
        BulkRows.reject(errors);

        // Slow hashes before any connection is taken, on the shared pool.
        Map<NewWorker, Future<String>> hashes = new IdentityHashMap<>();
        for (NewWorker w : workers) {
            if (w.password() != null) {
                hashes.put(w, hashPool.submit(() -> passwords.hash(w.password())));
            }
        }
        Map<NewWorker, String> hashed = new IdentityHashMap<>();
        for (Map.Entry<NewWorker, Future<String>> h : hashes.entrySet()) {
            hashed.put(h.getKey(), await(h.getValue()));
        }
        Instant now = Timestamps.now(clock);
        Instant expires = now.plus(config.signUpCodeLifetime());
        List<BulkViews.CreatedWorker> created = new ArrayList<>(workers.size());
        List<Insert> inserts = new ArrayList<>(workers.size());
        int codes = 0;
        for (NewWorker w : workers) {
            String code = w.password() == null ? SignUpCodes.generate() : null;
            codes += code == null ? 0 : 1;
            UUID id = UUID.randomUUID();
            UUID teamId = w.team() == null ? null : teamIds.get(w.team().toLowerCase(Locale.ROOT));
            inserts.add(new Insert(id, w, teamId, code == null ? hashed.get(w) : NO_PASSWORD,
                    code == null ? null : SignUpCodes.hash(code)));
            created.add(new BulkViews.CreatedWorker(id, w.username(), w.displayName(), teamId, w.languages(), w.country(),
                    code, code == null ? null : expires));
        }
        QuarkusTransaction.requiringNew().run(() -> insert(vendorId, inserts, now, expires));
        return new BulkViews.Created(vendorId, created.size(), codes, created);
    }

    /**
     * A new one-time sign-up code for one worker (a lost code, or a forgotten password): replaces any
     * code not yet redeemed. The worker's password, if any, keeps working until the code is redeemed,
     * which replaces it. Admins and the worker's vendor manager.
     */
    public BulkViews.IssuedCode reissue(UUID workerId, Caller caller) {
        return QuarkusTransaction.requiringNew().call(() -> {
            io.tessera.worker.account.Account account = status.lock(workerId)
                    .orElseThrow(() -> ApiProblem.notFound("Worker", workerId));
            VendorAccess.checkManage(caller, account.vendorId);
            String code = SignUpCodes.generate();
            Instant now = Timestamps.now(clock);
            Instant expires = now.plus(config.signUpCodeLifetime());
            em.createNativeQuery("""
                    INSERT INTO signup_code (account_id, code_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)
                    ON CONFLICT (account_id) DO UPDATE SET code_hash = EXCLUDED.code_hash,
                        created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at""")
                    .setParameter(1, workerId).setParameter(2, SignUpCodes.hash(code))
                    .setParameter(3, now).setParameter(4, expires).executeUpdate();
            return new BulkViews.IssuedCode(workerId, account.username, code, expires);
        });
    }

    /** Deactivates ({@code active} false) or activates the named workers of the vendor; all must be its workers. */
    public BulkViews.StatusChanged setActive(UUID vendorId, InputStream body, boolean csv, boolean active, Caller caller) {
        VendorAccess.checkManage(caller, vendorId);
        requireVendor(vendorId);
        List<BulkRows.Row> rows = BulkRows.read(body, csv, json, STATUS_FIELDS, Set.of(), config.maxRows());
        return QuarkusTransaction.requiringNew().call(() -> applyActive(vendorId, rows, active));
    }

    private BulkViews.StatusChanged applyActive(UUID vendorId, List<BulkRows.Row> rows, boolean active) {
        List<FieldError> errors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (BulkRows.Row row : rows) {
            JsonNode username = row.cells().get("username");
            JsonNode id = row.cells().get("id");
            if ((username == null) == (id == null)) {
                errors.add(new FieldError(row.where(), "give exactly one of username and id"));
            } else if (username != null) {
                if (!username.isTextual() || username.textValue().isBlank()) {
                    errors.add(new FieldError(row.field("username"), "must be a username"));
                } else {
                    names.add(Usernames.normalise(username.textValue()));
                }
            } else {
                try {
                    ids.add(UUID.fromString(id.asText()));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(row.field("id"), "must be a worker id (a UUID)"));
                }
            }
        }
        BulkRows.reject(errors);
        // The vendor's workers named by the batch, locked in id order (no deadlock between two batches).
        Map<String, UUID> byName = new HashMap<>();
        Map<UUID, String> nameOf = new HashMap<>();
        Map<UUID, Boolean> wasActive = new HashMap<>();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement q = c.prepareStatement("""
                    SELECT id, username, active FROM account
                    WHERE role = 'worker' AND vendor_id = ? AND (username = ANY(?) OR id = ANY(?))
                    ORDER BY id FOR UPDATE""")) {
                q.setObject(1, vendorId);
                q.setArray(2, c.createArrayOf("text", names.toArray()));
                q.setArray(3, c.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        byName.put(rs.getString(2), id);
                        nameOf.put(id, rs.getString(2));
                        wasActive.put(id, rs.getBoolean(3));
                    }
                }
            }
        });
        List<UUID> order = new ArrayList<>();
        Map<UUID, String> firstAt = new HashMap<>();
        for (BulkRows.Row row : rows) {
            JsonNode username = row.cells().get("username");
            UUID id = username != null ? byName.get(Usernames.normalise(username.textValue()))
                    : nameOf.containsKey(UUID.fromString(row.cells().get("id").asText())) ? UUID.fromString(row.cells().get("id").asText()) : null;
            String field = row.field(username != null ? "username" : "id");
            if (id == null) {
                errors.add(new FieldError(field, "is not a worker of this vendor"));
            } else if (firstAt.putIfAbsent(id, row.where()) != null) {
                errors.add(new FieldError(field, "names a worker named before (at " + firstAt.get(id) + ")"));
            } else {
                order.add(id);
            }
        }
        BulkRows.reject(errors);
        List<UUID> changed = order.stream().filter(id -> wasActive.get(id) != active).toList();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement q = c.prepareStatement("UPDATE account SET active = ? WHERE id = ANY(?)")) {
                q.setBoolean(1, active);
                q.setArray(2, c.createArrayOf("uuid", changed.toArray()));
                q.executeUpdate();
            }
            Map<UUID, List<String>> qualifications = qualifications(c, changed);
            try (PreparedStatement insert = c.prepareStatement(Outbox.INSERT)) {
                int n = 0;
                for (UUID id : changed) {
                    outbox.add(insert, Topics.WORKER_STATUS, outbox.envelope(WorkerStatusEvents.UPDATED, id.toString(),
                            new WorkerStatusEvents.Updated(id, vendorId, qualifications.getOrDefault(id, List.of()), active)));
                    insert.addBatch();
                    if (++n % JDBC_BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        });
        Set<UUID> changedSet = new HashSet<>(changed);
        List<BulkViews.StatusChange> workers = order.stream()
                .map(id -> new BulkViews.StatusChange(id, nameOf.get(id), active, changedSet.contains(id)))
                .toList();
        return new BulkViews.StatusChanged(vendorId, active, changed.size(), order.size() - changed.size(), workers);
    }

    private static Map<UUID, List<String>> qualifications(Connection c, List<UUID> workers) throws SQLException {
        Map<UUID, List<String>> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT wq.worker_id, q.name FROM worker_qualification wq JOIN qualification q ON q.id = wq.qualification_id
                WHERE wq.worker_id = ANY(?) AND wq.revoked_at IS NULL ORDER BY q.name""")) {
            q.setArray(1, c.createArrayOf("uuid", workers.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    private NewWorker validate(BulkRows.Row row, List<FieldError> errors) {
        int before = errors.size();
        String username = text(row, "username", errors);
        if (username == null && !row.cells().containsKey("username")) {
            errors.add(new FieldError(row.field("username"), "is required"));
        } else if (username != null && !USERNAME.matcher(username.strip()).matches()) {
            errors.add(new FieldError(row.field("username"), Usernames.PATTERN_MESSAGE));
        }
        String password = text(row, "password", errors);
        if (password != null && (password.length() < Passwords.MIN_LENGTH || password.length() > Passwords.MAX_LENGTH)) {
            errors.add(new FieldError(row.field("password"),
                    "must have " + Passwords.MIN_LENGTH + " to " + Passwords.MAX_LENGTH + " characters"));
        }
        String displayName = text(row, "displayName", errors);
        if (displayName != null && (displayName.isBlank() || displayName.strip().length() > MAX_DISPLAY_NAME)) {
            errors.add(new FieldError(row.field("displayName"), "must have 1 to " + MAX_DISPLAY_NAME + " characters"));
        }
        String country = text(row, "country", errors);
        if (country != null) {
            country = country.strip().toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(country)) {
                errors.add(new FieldError(row.field("country"), "is not an ISO 3166-1 alpha-2 code such as DE"));
            }
        }
        List<String> languages = new ArrayList<>();
        JsonNode langs = row.cells().get("languages");
        if (langs != null) {
            if (!langs.isArray()) {
                errors.add(new FieldError(row.field("languages"), "must be a list of language tags"));
            } else if (langs.size() > MAX_LANGUAGES) {
                errors.add(new FieldError(row.field("languages"), "may have at most " + MAX_LANGUAGES + " tags"));
            } else {
                for (int i = 0; i < langs.size(); i++) {
                    JsonNode tag = langs.get(i);
                    if (!tag.isTextual() || !LANGUAGE.matcher(tag.textValue()).matches()) {
                        errors.add(new FieldError(row.field("languages") + "[" + i + "]", "must be a language tag such as en or pt-BR"));
                    } else if (!languages.contains(tag.textValue())) {
                        languages.add(tag.textValue());
                    }
                }
            }
        }
        for (JsonNode cell : row.cells().values()) {
            if (cell.isTextual() && cell.textValue().indexOf('\0') >= 0) {
                errors.add(new FieldError(row.where(), "must not contain the character U+0000 (NUL)"));
                break;
            }
        }
        if (errors.size() > before) {
            return null;
        }
        String name = Usernames.normalise(username);
        String team = text(row, "team", errors);
        if (errors.size() > before) {
            return null;
        }
        return new NewWorker(new Row(row.where(), row), name, password, displayName == null ? name : displayName.strip(),
                List.copyOf(languages), country, team == null ? null : team.strip());
    }

    private static String text(BulkRows.Row row, String field, List<FieldError> errors) {
        JsonNode cell = row.cells().get(field);
        if (cell == null) {
            return null;
        }
        if (!cell.isTextual()) {
            errors.add(new FieldError(row.field(field), "must be a string"));
            return null;
        }
        return cell.textValue();
    }

    private void requireVendor(UUID vendorId) {
        if (!QuarkusTransaction.requiringNew().call(() -> vendors.findByIdOptional(vendorId).isPresent())) {
            throw ApiProblem.notFound("Vendor", vendorId);
        }
    }

    private Set<String> taken(Set<String> usernames) {
        Set<String> taken = new HashSet<>();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT username FROM account WHERE username = ANY(?)")) {
                q.setArray(1, c.createArrayOf("text", usernames.toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        taken.add(rs.getString(1));
                    }
                }
            }
        });
        return taken;
    }

    private record Insert(UUID id, NewWorker worker, UUID teamId, String passwordHash, byte[] codeHash) {
    }

    private void insert(UUID vendorId, List<Insert> inserts, Instant now, Instant expires) {
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement account = c.prepareStatement("""
                    INSERT INTO account (id, username, password_hash, role, vendor_id, display_name, active, created_at)
                    VALUES (?, ?, ?, 'worker', ?, ?, true, ?)""");
                    PreparedStatement worker = c.prepareStatement(
                            "INSERT INTO worker (id, languages, country, team_id) VALUES (?, ?, ?, ?)");
                    PreparedStatement code = c.prepareStatement(
                            "INSERT INTO signup_code (account_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)");
                    PreparedStatement event = c.prepareStatement(Outbox.INSERT)) {
                Timestamp at = Timestamp.from(now);
                int n = 0;
                for (Insert i : inserts) {
                    account.setObject(1, i.id());
                    account.setString(2, i.worker().username());
                    account.setString(3, i.passwordHash());
                    account.setObject(4, vendorId);
                    account.setString(5, i.worker().displayName());
                    account.setTimestamp(6, at);
                    account.addBatch();
                    worker.setObject(1, i.id());
                    worker.setArray(2, c.createArrayOf("text", i.worker().languages().toArray()));
                    worker.setString(3, i.worker().country());
                    worker.setObject(4, i.teamId());
                    worker.addBatch();
                    if (i.codeHash() != null) {
                        code.setObject(1, i.id());
                        code.setBytes(2, i.codeHash());
                        code.setTimestamp(3, at);
                        code.setTimestamp(4, Timestamp.from(expires));
                        code.addBatch();
                    }
                    outbox.add(event, Topics.WORKER_STATUS, outbox.envelope(WorkerStatusEvents.UPDATED, i.id().toString(),
                            new WorkerStatusEvents.Updated(i.id(), vendorId, List.of(), true)));
                    event.addBatch();
                    if (++n % JDBC_BATCH == 0) {
                        flush(account, worker, code, event);
                    }
                }
                flush(account, worker, code, event);
            }
        });
    }

    private static void flush(PreparedStatement account, PreparedStatement worker, PreparedStatement code,
            PreparedStatement event) throws SQLException {
        try {
            account.executeBatch();
        } catch (BatchUpdateException e) {
            if ("23505".equals(e.getSQLState()) || e.getNextException() != null && "23505".equals(e.getNextException().getSQLState())) {
                // Another request took one of the usernames after the pre-check.
                throw ApiProblem.conflict("A username of this batch was taken by a concurrent request; nothing was stored");
            }
            throw e;
        }
        try {
            worker.executeBatch();
        } catch (BatchUpdateException e) {
            if ("23503".equals(e.getSQLState()) || e.getNextException() != null && "23503".equals(e.getNextException().getSQLState())) {
                // A team named by the batch was deleted after the check.
                throw ApiProblem.conflict("A team of this batch was deleted by a concurrent request; nothing was stored");
            }
            throw e;
        }
        code.executeBatch();
        event.executeBatch();
    }

    private static String await(Future<String> hash) {
        try {
            return hash.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing passwords", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing a password failed", e.getCause());
        }
    }
}
