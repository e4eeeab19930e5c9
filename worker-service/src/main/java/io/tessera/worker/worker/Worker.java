package io.tessera.worker.worker;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A worker's profile. The id is the worker's account id, which is also the JWT subject and the
 * worker id in every other service; username, display name, vendor and active live on the account.
 */
@Entity
@Table(name = "worker")
public class Worker {
    @Id
    public UUID id;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> languages;
    public String country;
    /** The vendor's team the worker is in, if any; cleared when the worker changes vendor. */
    @jakarta.persistence.Column(name = "team_id")
    public UUID teamId;
}
