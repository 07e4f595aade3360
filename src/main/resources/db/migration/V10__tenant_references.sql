-- The high-volume customer tables stop checking their tenant column against api_client row by row.
--
-- A foreign key to api_client makes PostgreSQL read and lock (FOR KEY SHARE) the one client row for
-- every inserted guest, identifier and order: with several workers of one tenant's batch that is
-- the same hot row for every insert, about 40% of the cost of a narrow insert (BENCHMARKS.md,
-- "Levers"). These references protect against nothing the service can do: API clients are never
-- deleted (revocation is a flag), and every tenant id written comes from an authenticated client.
-- The batch and web_session tables keep their references (a few rows per upload or sign-in), and
-- every reference that carries delete semantics (guest_id: cascade / set null) stays.
ALTER TABLE guest DROP CONSTRAINT guest_client_id_fkey;
ALTER TABLE guest_identifier DROP CONSTRAINT guest_identifier_client_id_fkey;
ALTER TABLE orders DROP CONSTRAINT orders_client_id_fkey;
