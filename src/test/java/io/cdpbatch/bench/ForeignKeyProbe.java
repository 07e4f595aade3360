package io.cdpbatch.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The cost of a per-row foreign key to one tenant row, isolated: the same 200 inserts of 1,000
 * identifier-shaped rows into a fresh table, with and without a reference to a one-row parent
 * table, alternated so that both see the same machine. Run with {@code bench/run.sh fk-probe}
 * (the lever behind {@code V10__tenant_references.sql}, see BENCHMARKS.md).
 */
public final class ForeignKeyProbe {

    private ForeignKeyProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE tenant (id BIGINT PRIMARY KEY)");
            sql.execute("INSERT INTO tenant VALUES (1)");
            for (int round = 1; round <= rounds; round++) {
                long with = insert(sql, true);
                long without = insert(sql, false);
                System.out.printf(Locale.ROOT, "round %d: with the key %,d ms, without %,d ms (%.0f%% less)%n", round, with,
                        without, 100.0 * (with - without) / with);
            }
        }
    }

    private static long insert(Statement sql, boolean reference) throws SQLException {
        sql.execute("DROP TABLE IF EXISTS identifier");
        sql.execute("CREATE TABLE identifier (client_id BIGINT NOT NULL" + (reference ? " REFERENCES tenant (id)" : "")
                + ", provider TEXT NOT NULL, id TEXT NOT NULL, guest_id BIGINT NOT NULL, PRIMARY KEY (client_id, provider, id))");
        long start = System.nanoTime();
        for (int chunk = 0; chunk < 200; chunk++) {
            sql.execute("INSERT INTO identifier SELECT 1, 'email', 'id-' || g || '-" + chunk
                    + "', g FROM generate_series(1, 1000) g");
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
