package io.tessera.worker.account;

import io.tessera.common.security.Caller;

/** What an account may do; {@link #group()} is the JWT {@code groups} value. Clients use API keys, not accounts. */
public enum Role {
    ADMIN(Caller.ADMIN),
    VENDOR(Caller.VENDOR),
    WORKER(Caller.WORKER);

    private final String group;

    Role(String group) {
        this.group = group;
    }

    public String group() {
        return group;
    }

    public static Role ofGroup(String group) {
        for (Role role : values()) {
            if (role.group.equals(group)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role " + group);
    }
}
