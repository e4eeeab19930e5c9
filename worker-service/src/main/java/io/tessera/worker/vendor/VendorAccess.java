package io.tessera.worker.vendor;

import io.tessera.common.error.ApiProblem;
import io.tessera.common.security.Caller;
import java.util.UUID;

/** Who may act for a vendor: admins, and that vendor's managers (role vendor, matching {@code vendor} claim). */
public final class VendorAccess {
    private VendorAccess() {
    }

    public static boolean mayManage(Caller caller, UUID vendorId) {
        if (caller.is(Caller.ADMIN)) {
            return true;
        }
        return vendorId != null && caller.is(Caller.VENDOR) && caller.vendor().filter(vendorId::equals).isPresent();
    }

    public static void checkManage(Caller caller, UUID vendorId) {
        if (!mayManage(caller, vendorId)) {
            throw ApiProblem.forbidden("You do not manage this vendor");
        }
    }
}
