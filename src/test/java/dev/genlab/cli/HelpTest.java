package dev.genlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genlab.TestCli;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders as written. Picocli treats descriptions as format strings, so a bare
 * "95% CI" made it print a warning above {@code bench --help} and show the text unformatted.
 */
class HelpTest {

    @Test
    void everyCommandsHelpRendersWithoutPicocliWarnings() {
        List<CommandLine> commands = new ArrayList<>();
        collect(Main.commandLine(), commands);
        assertThat(commands).hasSizeGreaterThan(10);
        for (CommandLine c : commands) {
            // "genlab train pixelcnn" → train pixelcnn --help, as a user types it
            String name = c.getCommandSpec().qualifiedName();
            String[] words = name.split(" ");
            List<String> args = new ArrayList<>(Arrays.asList(words).subList(1, words.length));
            args.add("--help");
            TestCli.Run r = TestCli.run(args.toArray(String[]::new));
            assertThat(r.exit()).as(name).isZero();
            assertThat(r.out()).as(name).contains("Usage:").doesNotContain("%n");
            assertThat(r.err()).as(name).doesNotContain("WARN", "Could not format");
        }
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        c.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }
}
