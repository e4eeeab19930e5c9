package io.tessera.worker.auth;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/auth/token")
public class TokenResource {
    private final SignInService signIn;

    public TokenResource(SignInService signIn) {
        this.signIn = signIn;
    }

    /** Tokens must not be cached by anything between the client and us (RFC 6749, section 5.1). */
    @POST
    @PermitAll
    public Response token(@Valid @NotNull TokenRequest request, @Context HttpServerRequest http) {
        SocketAddress remote = http.remoteAddress();
        return Response.ok(signIn.signIn(request, remote == null ? null : remote.hostAddress()))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
