package io.tessera.worker.worker;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class WorkerRepository implements PanacheRepositoryBase<Worker, UUID> {
}
