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

@Path("/api/v1/auth/sign-up")
public class SignUpResource {
    private final SignInService signIn;

    public SignUpResource(SignInService signIn) {
        this.signIn = signIn;
    }

    /** Sets the password with a one-time code and answers like sign-in, with a token. */
    @POST
    @PermitAll
    public Response signUp(@Valid @NotNull SignUpRequest request, @Context HttpServerRequest http) {
        SocketAddress remote = http.remoteAddress();
        return Response.ok(signIn.signUp(request, remote == null ? null : remote.hostAddress()))
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
