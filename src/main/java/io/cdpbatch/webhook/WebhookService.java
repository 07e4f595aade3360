package io.cdpbatch.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.cdpbatch.auth.Tenant;
import io.cdpbatch.common.Timestamps;
import io.cdpbatch.error.ApiException;
import io.cdpbatch.webhook.WebhookViews.DeliveryListView;
import io.cdpbatch.webhook.WebhookViews.DeliveryView;
import io.cdpbatch.webhook.WebhookViews.WebhookListView;
import io.cdpbatch.webhook.WebhookViews.WebhookView;

/** Registration, listing and removal of a tenant's webhooks, and its delivery log. */
@ApplicationScoped
public class WebhookService {

    private static final Logger LOG = Logger.getLogger(WebhookService.class);
    private static final Pattern UUID_TEXT = Pattern
            .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** First key of the advisory lock that serializes a tenant's registrations (the limit check). */
    private static final int REGISTRATION_LOCK = 0x77686b;
    static final String CANCELLED = "Cancelled: the webhook was deleted";

    @Inject
    EntityManager em;

    @Inject
    WebhookSecrets secrets;

    @Inject
    WebhookConfig config;

    @Inject
    Clock clock;

    /** The outcome of a registration: 201 with the secret, or 200 for a repeat. */
    public record Registration(WebhookView view, boolean created) {
    }

    public static UUID parseId(String id) {
        if (id == null || !UUID_TEXT.matcher(id).matches()) {
            throw ApiException.badRequest("id must be a UUID",
                    "id must be a UUID chosen by the client, such as 0f8e2b1c-5a1d-4c1e-9b6a-2f1f3c4d5e6f, got "
                            + (id == null ? "nothing" : WebhookUrls.shown(id)));
        }
        return UUID.fromString(id);
    }

    @Transactional
    public Registration register(Tenant tenant, UUID id, WebhookRequest request, URI baseUri) {
        secrets.requireEnabled();
        em.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1, ?2)").setParameter(1, REGISTRATION_LOCK)
                .setParameter(2, (int) (tenant.id() % Integer.MAX_VALUE)).getSingleResult();
        List<Tuple> existing = rows(em.createNativeQuery(
                "SELECT public_id, url, description, created_at FROM webhook WHERE client_id = ?1 AND public_id = ?2",
                Tuple.class).setParameter(1, tenant.id()).setParameter(2, id));
        if (!existing.isEmpty()) {
            Tuple row = existing.get(0);
            if (!row.get("url", String.class).equals(request.url())) {
                throw ApiException.conflict("Webhook already exists with another URL",
                        "Webhook " + id + " is registered for another URL; a webhook's URL cannot change: "
                                + "delete it, or register a new id");
            }
            em.createNativeQuery("UPDATE webhook SET description = ?1 WHERE client_id = ?2 AND public_id = ?3")
                    .setParameter(1, request.description()).setParameter(2, tenant.id()).setParameter(3, id).executeUpdate();
            return new Registration(
                    new WebhookView(href(baseUri, id), id.toString(), request.url(), request.description(), null,
                            format(row.get("created_at"))),
                    false);
        }
        long count = ((Number) em.createNativeQuery("SELECT count(*) FROM webhook WHERE client_id = ?1")
                .setParameter(1, tenant.id()).getSingleResult()).longValue();
        if (count >= config.maxPerTenant()) {
            throw ApiException.conflict("Too many webhooks",
                    "This client has " + count + " webhooks, the limit is " + config.maxPerTenant()
                            + ": delete one before registering another");
        }
        String secret = secrets.newSecret();
        Instant now = Timestamps.truncate(clock.instant());
        em.createNativeQuery("""
                INSERT INTO webhook (client_id, public_id, url, description, secret_ciphertext, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)""")
                .setParameter(1, tenant.id()).setParameter(2, id).setParameter(3, request.url())
                .setParameter(4, request.description()).setParameter(5, secrets.encrypt(id, secret)).setParameter(6, now)
                .executeUpdate();
        LOG.infof("Webhook %s registered by %s", id, tenant.clientKey());
        return new Registration(new WebhookView(href(baseUri, id), id.toString(), request.url(), request.description(), secret,
                Timestamps.format(now)), true);
    }

    public WebhookListView list(Tenant tenant, URI baseUri) {
        secrets.requireEnabled();
        List<WebhookView> items = new ArrayList<>();
        for (Tuple row : rows(em.createNativeQuery("""
                SELECT public_id, url, description, created_at FROM webhook WHERE client_id = ?1
                ORDER BY created_at, public_id""", Tuple.class).setParameter(1, tenant.id()))) {
            items.add(view(row, baseUri));
        }
        return new WebhookListView(items.size(), items);
    }

    public WebhookView find(Tenant tenant, UUID id, URI baseUri) {
        secrets.requireEnabled();
        List<Tuple> rows = rows(em.createNativeQuery(
                "SELECT public_id, url, description, created_at FROM webhook WHERE client_id = ?1 AND public_id = ?2",
                Tuple.class).setParameter(1, tenant.id()).setParameter(2, id));
        if (rows.isEmpty()) {
            throw notFound(id);
        }
        return view(rows.get(0), baseUri);
    }

    /** Deletes the webhook; its pending deliveries are cancelled (failed, with a message saying so). */
    @Transactional
    public void delete(Tenant tenant, UUID id) {
        secrets.requireEnabled();
        List<?> ids = em.createNativeQuery("SELECT id FROM webhook WHERE client_id = ?1 AND public_id = ?2 FOR UPDATE")
                .setParameter(1, tenant.id()).setParameter(2, id).getResultList();
        if (ids.isEmpty()) {
            throw notFound(id);
        }
        long webhookId = ((Number) ids.get(0)).longValue();
        int cancelled = em.createNativeQuery("""
                UPDATE webhook_delivery SET state = 'failed', last_error = ?1, next_attempt_at = NULL,
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE webhook_id = ?2 AND state = 'pending'""")
                .setParameter(1, CANCELLED).setParameter(2, webhookId).executeUpdate();
        em.createNativeQuery("DELETE FROM webhook WHERE id = ?1").setParameter(1, webhookId).executeUpdate();
        LOG.infof("Webhook %s deleted by %s, %d pending deliveries cancelled", id, tenant.clientKey(), cancelled);
    }

    public DeliveryListView deliveries(Tenant tenant, DeliveryQuery query) {
        secrets.requireEnabled();
        StringBuilder where = new StringBuilder("client_id = :client");
        if (query.batchRef() != null) {
            where.append(" AND batch_ref = :ref");
        }
        if (query.state() != null) {
            where.append(" AND state = :state");
        }
        Query count = em.createNativeQuery("SELECT count(*) FROM webhook_delivery WHERE " + where);
        Query page = em.createNativeQuery("""
                SELECT public_id, webhook_public_id, batch_ref, url, state, attempts, last_status_code, last_error,
                       next_attempt_at, created_at, delivered_at
                FROM webhook_delivery WHERE %s
                ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset""".formatted(where), Tuple.class);
        for (Query q : List.of(count, page)) {
            q.setParameter("client", tenant.id());
            if (query.batchRef() != null) {
                q.setParameter("ref", query.batchRef());
            }
            if (query.state() != null) {
                q.setParameter("state", query.state());
            }
        }
        long total = ((Number) count.getSingleResult()).longValue();
        List<DeliveryView> items = new ArrayList<>();
        if (query.offset() < total) {
            page.setParameter("limit", query.limit()).setParameter("offset", query.offset());
            for (Tuple row : rows(page)) {
                items.add(deliveryView(row));
            }
        }
        return new DeliveryListView(total, query.offset(), query.limit(), items);
    }

    static String href(URI baseUri, UUID id) {
        return baseUri.resolve("v2/webhooks/" + id).toString();
    }

    private static WebhookView view(Tuple row, URI baseUri) {
        UUID id = row.get("public_id", UUID.class);
        return new WebhookView(href(baseUri, id), id.toString(), row.get("url", String.class),
                row.get("description", String.class), null, format(row.get("created_at")));
    }

    private static DeliveryView deliveryView(Tuple row) {
        UUID webhookId = row.get("webhook_public_id", UUID.class);
        Number status = row.get("last_status_code", Number.class);
        return new DeliveryView(row.get("public_id", UUID.class).toString(), webhookId == null ? null : webhookId.toString(),
                row.get("batch_ref", UUID.class).toString(), row.get("url", String.class), row.get("state", String.class),
                row.get("attempts", Number.class).intValue(), status == null ? null : status.intValue(),
                row.get("last_error", String.class), format(row.get("next_attempt_at")), format(row.get("created_at")),
                format(row.get("delivered_at")));
    }

    private static ApiException notFound(UUID id) {
        return new ApiException(404, "Webhook not found", "No webhook " + id + " for this client");
    }

    @SuppressWarnings("unchecked")
    private static List<Tuple> rows(Query query) {
        return query.getResultList();
    }

    private static String format(Object value) {
        return Timestamps.format(Timestamps.instant(value));
    }
}
