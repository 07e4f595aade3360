package io.cdpbatch.reliability;

import java.util.Map;

/**
 * A digest of a tenant's guests and everything attached to them, without the values that differ
 * between tenants or runs by nature (ids, generated refs, write times): two tenants that applied the
 * same file have the same digest.
 */
final class GuestDigest {

    private GuestDigest() {
    }

    static final String SQL = """
            SELECT count(*) AS guests, md5(coalesce(string_agg(t, E'\\n' ORDER BY t), '')) AS digest FROM (
              SELECT (to_jsonb(g) - 'id' - 'ref' - 'client_id' - 'created_at' - 'modified_at')::text
                || ' ids:' || coalesce((SELECT string_agg(i.provider || ':' || i.id || ':' || coalesce(i.expiry_date::text, ''),
                      ',' ORDER BY i.provider, i.id) FROM guest_identifier i WHERE i.guest_id = g.id), '')
                || ' ext:' || coalesce((SELECT string_agg(e.name || '=' || e.attributes::text, ',' ORDER BY e.name)
                      FROM guest_extension e WHERE e.guest_id = g.id), '')
                || ' subs:' || coalesce((SELECT string_agg(s.name || '/' || s.channel || '/' || s.point_of_sale || '/'
                      || coalesce(s.status, '') || '/' || coalesce(s.effective_date::text, ''), ','
                      ORDER BY s.name, s.channel, s.point_of_sale) FROM guest_subscription s WHERE s.guest_id = g.id), '') AS t
              FROM guest g JOIN api_client a ON a.id = g.client_id WHERE a.client_key = ?) rows""";

    /** {@code guests} (count) and {@code digest} of this tenant's guests. */
    static Map<String, String> of(ReliabilityStack stack, ItTenant tenant) {
        return stack.query(SQL, tenant.clientKey()).get(0);
    }
}
