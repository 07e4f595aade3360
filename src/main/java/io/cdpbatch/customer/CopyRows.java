package io.cdpbatch.customer;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import org.postgresql.PGConnection;

/**
 * Rows for one {@code COPY ... FROM STDIN} in PostgreSQL's text format, built in memory and sent in
 * one command inside the writer's transaction. COPY stores rows known to be new (a guest created by
 * the run, its extension groups, identifiers no guest had) at a fraction of the cost of an
 * {@code INSERT ... SELECT}: no conflict check, rows written in batches. A unique key that another
 * transaction took meanwhile fails the COPY, and the pipeline applies the chunk again.
 */
final class CopyRows {

    private final String table;
    private final String columns;
    private final StringBuilder text = new StringBuilder(4096);
    private boolean rowStarted;
    private int rows;
    private Instant lastInstant;
    private String lastInstantText;

    /** @param columns the columns every row gives, in order, comma-separated */
    CopyRows(String table, String columns) {
        this.table = table;
        this.columns = columns;
    }

    /** The next column of the current row; null is SQL NULL. */
    CopyRows add(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        int special = firstSpecial(value);
        if (special < 0) {
            // the usual case: nothing to escape, the value goes as it is
            text.append(value);
            return this;
        }
        text.append(value, 0, special);
        for (int i = special; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(ch);
            }
        }
        return this;
    }

    /** The index of the first character the text format escapes, -1 when none. */
    private static int firstSpecial(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                return i;
            }
        }
        return -1;
    }

    CopyRows add(long value) {
        separate();
        text.append(value);
        return this;
    }

    /** An instant in ISO-8601; the rows of a chunk repeat the chunk's time, formatted once. */
    CopyRows add(Instant value) {
        if (value != null && !value.equals(lastInstant)) {
            lastInstant = value;
            lastInstantText = InstantText.of(value);
        }
        return add(value == null ? null : lastInstantText);
    }

    /** Ends the current row. */
    void endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
    }

    int rows() {
        return rows;
    }

    /** Sends the rows; returns how many were stored (all of them, or the COPY fails). */
    long send(Connection connection) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + table + " (" + columns + ") FROM STDIN", new StringReader(text.toString()));
        } catch (java.io.IOException e) {
            // reading a string cannot fail; a broken connection arrives as an SQLException
            throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), "08006", e);
        }
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }
}
