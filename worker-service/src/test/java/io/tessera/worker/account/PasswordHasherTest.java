package io.tessera.worker.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Plain unit test: the hash format and its properties, without Quarkus. */
class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(() -> PasswordConfig.MIN_ITERATIONS);

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("correct horse battery");
        assertTrue(hasher.verify("correct horse battery", hash));
        assertFalse(hasher.verify("correct horse batterY", hash));
        assertFalse(hasher.verify("", hash));
    }

    @Test
    void theHashNamesItsSchemeAndIterationsAndIsSalted() {
        String a = hasher.hash("same password");
        String b = hasher.hash("same password");
        assertNotEquals(a, b, "a fresh salt per hash");
        String[] parts = a.split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals(String.valueOf(PasswordConfig.MIN_ITERATIONS), parts[1]);
        assertEquals(16, java.util.Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, java.util.Base64.getDecoder().decode(parts[3]).length);
    }

    @Test
    void oldHashesKeepWorkingWhenTheIterationCountGrows() {
        String old = hasher.hash("long lived");
        PasswordHasher stronger = new PasswordHasher(() -> PasswordConfig.MIN_ITERATIONS + 1);
        assertTrue(stronger.verify("long lived", old));
        assertTrue(stronger.hash("x").startsWith("pbkdf2-sha256$" + (PasswordConfig.MIN_ITERATIONS + 1) + "$"));
    }

    @Test
    void malformedHashesNeverMatch() {
        assertFalse(hasher.verify("x", ""));
        assertFalse(hasher.verify("x", "x"));
        assertFalse(hasher.verify("x", "bcrypt$10$abc$def"));
        assertFalse(hasher.verify("x", "pbkdf2-sha256$many$abc$def"));
        assertFalse(hasher.verify("x", "pbkdf2-sha256$1000$!!!$def"));
        assertFalse(hasher.verifyNothing("x"));
    }

    @Test
    void tooFewIterationsAreRefused() {
        assertThrows(IllegalStateException.class, () -> new PasswordHasher(() -> 100_000));
    }
}
