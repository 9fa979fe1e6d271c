package dev.genlab.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One server over the bundled models for all the tests of a class (starting one costs about a second). */
abstract class SharedServer {

    @TempDir
    static Path tmp;
    static ServerFixture s;

    @BeforeAll
    static void startServer() {
        s = new ServerFixture(tmp);
    }

    @AfterAll
    static void stopServer() {
        s.close();
    }
}
