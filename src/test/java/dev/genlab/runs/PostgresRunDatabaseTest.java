package dev.genlab.runs;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The run database on a PostgreSQL server: the URL of an empty database to use is in $GENLAB_TEST_POSTGRES
 * (.ci/run starts Debian's PostgreSQL and sets it); skipped without one. Each test starts from an empty schema.
 */
class PostgresRunDatabaseTest extends RunDatabaseContract {

    static final String URL = System.getenv("GENLAB_TEST_POSTGRES");

    @Override
    RunDatabaseLocation fresh(String name) throws Exception {
        assumeTrue(URL != null && URL.startsWith("jdbc:postgresql:"),
                "needs a PostgreSQL database in $GENLAB_TEST_POSTGRES (.ci/run sets one up)");
        try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        return RunDatabaseLocation.parse(URL);
    }
}
