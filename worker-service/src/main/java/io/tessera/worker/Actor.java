package io.tessera.worker;

import io.tessera.common.security.Caller;
import java.util.UUID;

/** Who did something (placed a block, booked a bonus): the caller's subject, role and (vendor managers) vendor; {@link #PLATFORM} for automatic ones. */
public record Actor(UUID id, String role, UUID vendor) {
    public static final Actor PLATFORM = new Actor(null, null, null);

    public static Actor of(Caller caller) {
        String role = caller.is(Caller.ADMIN) ? Caller.ADMIN
                : caller.is(Caller.VENDOR) ? Caller.VENDOR
                : caller.is(Caller.CLIENT) ? Caller.CLIENT
                : null;
        UUID vendor = Caller.VENDOR.equals(role) ? caller.vendor().orElse(null) : null;
        return new Actor(caller.id(), role, vendor);
    }
}
