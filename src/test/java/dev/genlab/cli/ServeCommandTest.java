package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.TestCli;
import org.junit.jupiter.api.Test;

/** `genlab serve` refuses what would be unsafe or wrong before it listens, with one line and exit 2. */
class ServeCommandTest {

    static void refused(String expected, String... args) {
        var r = TestCli.run(args);
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).contains(expected).doesNotContain("\n");
    }

    @Test
    void unsafeOrMalformedSettingsAreUsageErrors() {
        refused("--auth", "serve", "--listen", "--db", "off");
        refused("USER:PASSWORD", "serve", "--auth", "nocolon", "--db", "off");
        refused("not both", "serve", "--auth", "a:b", "--token-file", "x", "--db", "off");
        refused("--port", "serve", "--port", "70000", "--db", "off");
        refused("--queue", "serve", "--queue", "0", "--db", "off");
        refused("--job-timeout", "serve", "--job-timeout", "soon", "--db", "off");
        refused("--max-body", "serve", "--max-body", "0", "--db", "off");
        refused("unknown model", "serve", "--model", "nope", "--db", "off");
    }
}
