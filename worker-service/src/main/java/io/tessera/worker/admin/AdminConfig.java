package io.tessera.worker.admin;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * {@code tessera.admin.*} ({@code TESSERA_ADMIN_USERNAME}, {@code TESSERA_ADMIN_PASSWORD}): the first
 * admin, created at start when no admin exists yet. Read only then; changing it later changes nothing.
 */
@ConfigMapping(prefix = "tessera.admin")
public interface AdminConfig {
    Optional<String> username();

    Optional<String> password();
}
