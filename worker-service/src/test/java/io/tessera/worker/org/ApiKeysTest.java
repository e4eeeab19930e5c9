package io.tessera.worker.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain unit test of the key format. */
class ApiKeysTest {
    @Test
    void aFreshKeyParsesBackToItsId() {
        ApiKeys.Parsed key = ApiKeys.generate();
        assertTrue(key.key().startsWith("tsk_" + key.keyId() + "_"));
        assertEquals(Optional.of(key), ApiKeys.parse(key.key()));
        assertEquals(Optional.of(key), ApiKeys.parse("  " + key.key() + "\n"), "pasted keys keep working");
        assertNotEquals(key, ApiKeys.generate());
    }

    @Test
    void onlyTheWholeKeyMatchesItsHash() {
        ApiKeys.Parsed key = ApiKeys.generate();
        byte[] hash = ApiKeys.hash(key.key());
        assertEquals(32, hash.length);
        assertTrue(ApiKeys.matches(key.key(), hash));
        assertFalse(ApiKeys.matches(key.key() + "x", hash));
        assertFalse(ApiKeys.matches(ApiKeys.generate().key(), hash));
    }

    @Test
    void textThatCannotBeAKeyIsRejected() {
        String secret = "A".repeat(43);
        assertTrue(ApiKeys.parse("tsk_0123456789abcdef_" + secret).isPresent());
        assertTrue(ApiKeys.parse(null).isEmpty());
        assertTrue(ApiKeys.parse("").isEmpty());
        assertTrue(ApiKeys.parse("tsk_0123456789ABCDEF_" + secret).isEmpty(), "upper-case hex");
        assertTrue(ApiKeys.parse("tsk_0123456789abcde_" + secret).isEmpty(), "short id");
        assertTrue(ApiKeys.parse("tsk_0123456789abcdef_" + secret.substring(1)).isEmpty(), "short secret");
        assertTrue(ApiKeys.parse("tsx_0123456789abcdef_" + secret).isEmpty(), "wrong prefix");
        assertTrue(ApiKeys.parse("tsk_0123456789abcdef_" + secret + "%").isEmpty(), "trailing junk");
    }
}
