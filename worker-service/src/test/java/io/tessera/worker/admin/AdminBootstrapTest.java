package io.tessera.worker.admin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tessera.testkit.TesseraTestResource;
import io.tessera.worker.account.AccountRepository;
import io.tessera.worker.account.Accounts;
import io.tessera.worker.account.PasswordHasher;
import io.tessera.worker.Jwts;
import io.tessera.worker.TestData;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = TesseraTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "tessera_worker_test"))
class AdminBootstrapTest {
    @Inject
    DataSource dataSource;
    @Inject
    AdminBootstrap bootstrap;
    @Inject
    AccountRepository accountRepository;
    @Inject
    Accounts accounts;
    @Inject
    PasswordHasher passwords;

    @Test
    void theConfiguredAdminExistsOnceWithAHashedPassword() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, username, password_hash, vendor_id FROM account WHERE role = 'admin'")) {
            assertTrue(rs.next(), "the admin from tessera.admin.* was created at start");
            UUID id = rs.getObject(1, UUID.class);
            assertEquals(TestData.ADMIN_USERNAME, rs.getString(2));
            String hash = rs.getString(3);
            assertTrue(hash.startsWith("pbkdf2-sha256$210000$"), hash);
            assertFalse(hash.contains(TestData.ADMIN_PASSWORD));
            assertEquals(null, rs.getObject(4));
            assertFalse(rs.next(), "exactly one admin");

            String token = TestData.signIn(TestData.ADMIN_USERNAME, TestData.ADMIN_PASSWORD);
            assertEquals(id.toString(), Jwts.claims(token).path("sub").asText());
        }
    }

    @Test
    void bootstrapIsANoOpOnceAnAdminExists() throws Exception {
        assertFalse(bootstrap.bootstrap());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM account WHERE role = 'admin'")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    @Test
    void aConfiguredAdminThatBreaksThePolicyStopsTheStart() {
        IllegalStateException shortPassword = assertThrows(IllegalStateException.class,
                () -> bootstrapWith("root", "short").bootstrap());
        assertTrue(shortPassword.getMessage().contains("TESSERA_ADMIN_PASSWORD"), shortPassword.getMessage());
        IllegalStateException badName = assertThrows(IllegalStateException.class,
                () -> bootstrapWith("root user", "long enough password").bootstrap());
        assertTrue(badName.getMessage().contains("TESSERA_ADMIN_USERNAME"), badName.getMessage());
    }

    @Test
    void incompleteConfigurationCreatesNothing() {
        assertFalse(bootstrapWith(null, null).bootstrap());
        assertFalse(bootstrapWith("root", null).bootstrap());
    }

    @Test
    void theSignedInAdminCanUseAdminEndpoints() {
        String token = TestData.signIn(TestData.ADMIN_USERNAME, TestData.ADMIN_PASSWORD);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", TestData.unique("org")))
                .post("/api/v1/orgs").then().statusCode(201);
    }

    private AdminBootstrap bootstrapWith(String username, String password) {
        AdminConfig config = new AdminConfig() {
            @Override
            public Optional<String> username() {
                return Optional.ofNullable(username);
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(password);
            }
        };
        return new AdminBootstrap(config, accountRepository, accounts, passwords);
    }
}
