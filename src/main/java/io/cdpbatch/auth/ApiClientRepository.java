package io.cdpbatch.auth;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;

@ApplicationScoped
public class ApiClientRepository implements PanacheRepository<ApiClient> {

    public Optional<ApiClient> findByKey(String clientKey) {
        return find("clientKey", clientKey).firstResultOptional();
    }

    public List<ApiClient> listActive() {
        return list("revokedAt is null", Sort.by("createdAt").and("id"));
    }
}
