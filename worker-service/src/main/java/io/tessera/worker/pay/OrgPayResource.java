package io.tessera.worker.pay;

import io.tessera.common.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

/** An organisation's default fair-pay target. */
@Path("/api/v1/orgs")
@RolesAllowed({Caller.ADMIN, Caller.CLIENT})
public class OrgPayResource {
    private final FairPay pay;
    private final Caller caller;

    public OrgPayResource(FairPay pay, Caller caller) {
        this.pay = pay;
        this.caller = caller;
    }

    @GET
    @Path("{id}/fair-pay")
    public PayViews.Target target(@PathParam("id") UUID orgId) {
        return pay.orgTarget(orgId, caller);
    }

    @PUT
    @Path("{id}/fair-pay")
    public PayViews.Target setTarget(@PathParam("id") UUID orgId, @Valid @NotNull FairPayRequest request) {
        return pay.setOrgTarget(orgId, request, caller);
    }
}
