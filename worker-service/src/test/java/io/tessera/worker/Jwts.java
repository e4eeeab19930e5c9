package io.tessera.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;

/** Reads a token's header and claims for assertions; the signature is checked by calling the service with it. */
public final class Jwts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwts() {
    }

    public static JsonNode header(String token) {
        return part(token, 0);
    }

    public static JsonNode claims(String token) {
        return part(token, 1);
    }

    private static JsonNode part(String token, int index) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new AssertionError("not a JWS compact serialisation: " + token);
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[index]));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
