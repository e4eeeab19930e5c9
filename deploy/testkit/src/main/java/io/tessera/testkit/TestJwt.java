package io.tessera.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An RSA key pair made for this test run (never committed), its PEM files, and tokens signed with
 * it the way worker-service signs them: RS256, {@code groups}, and the {@code org}/{@code vendor} claims.
 */
public final class TestJwt {
    public static final String ISSUER = "https://tessera.local";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair KEYS = generate();
    private static Path dir;

    private TestJwt() {
    }

    public static synchronized Path publicKeyPem() {
        return writeKeys().resolve("public.pem");
    }

    public static synchronized Path privateKeyPem() {
        return writeKeys().resolve("private.pem");
    }

    public static String admin() {
        return token(UUID.randomUUID(), Set.of("admin"), Map.of());
    }

    public static String client(UUID org) {
        return token(UUID.randomUUID(), Set.of("client"), Map.of("org", org.toString()));
    }

    public static String worker(UUID worker) {
        return token(worker, Set.of("worker"), Map.of());
    }

    public static String token(UUID subject, Set<String> groups, Map<String, Object> claims) {
        return sign(ISSUER, subject, groups, claims, Instant.now().plus(Duration.ofHours(1)), KEYS);
    }

    public static String expired(UUID subject, Set<String> groups) {
        return sign(ISSUER, subject, groups, Map.of(), Instant.now().minus(Duration.ofHours(1)), KEYS);
    }

    public static String wrongIssuer(UUID subject, Set<String> groups) {
        return sign("https://elsewhere.invalid", subject, groups, Map.of(), Instant.now().plusSeconds(3600), KEYS);
    }

    /** Signed by a key the services do not trust. */
    public static String foreignKey(UUID subject, Set<String> groups) {
        return sign(ISSUER, subject, groups, Map.of(), Instant.now().plusSeconds(3600), generate());
    }

    /** A valid token whose payload was changed after signing (here: the groups). */
    public static String tampered(UUID subject) {
        String[] parts = worker(subject).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"worker\"", "\"admin\"");
        return parts[0] + "." + b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    private static String sign(String issuer, UUID subject, Set<String> groups, Map<String, Object> claims,
            Instant expiry, KeyPair keys) {
        try {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("iss", issuer);
            payload.put("sub", subject.toString());
            payload.put("upn", subject.toString());
            payload.put("groups", groups);
            payload.put("iat", expiry.minus(Duration.ofHours(2)).getEpochSecond());
            payload.put("exp", expiry.getEpochSecond());
            payload.put("jti", UUID.randomUUID().toString());
            payload.putAll(claims);
            String signingInput = b64(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT"))) + "."
                    + b64(JSON.writeValueAsBytes(payload));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(rsa.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeKeys() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("tessera-jwt-");
                Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", KEYS.getPublic().getEncoded()));
                Files.writeString(dir.resolve("private.pem"), pem("PRIVATE KEY", KEYS.getPrivate().getEncoded()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return dir;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
