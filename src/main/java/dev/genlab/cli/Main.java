package dev.genlab.cli;

import dev.genlab.catalog.Catalog;
import dev.genlab.core.GenlabException;
import dev.genlab.core.Printable;
import dev.genlab.nn.NativeHeap;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point. Exit codes: 0 success, 1 a failure while running, 2 a usage error. Every failure is one
 * line on stderr; set GENLAB_DEBUG=1 to see stack traces of unexpected errors.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // the process's arrays are reused from the heap, not mapped anew (see NativeHeap); tests calling run()
        // keep glibc's own policy
        NativeHeap.keepFreedArrays();
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cmd = commandLine();
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only exceptions to the handler below; an Error would end in a stack trace
            System.err.println("genlab: " + describe(e));
            return 1;
        }
    }

    static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new GenlabCommand());
        FamilyOptions.register(cmd.getSubcommands().get("generate").getCommandSpec(), Catalog.families());
        TrainCommand.register(cmd.getSubcommands().get("train"));
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("genlab: " + Printable.of(firstLine(ex.getMessage()), 2000) + " (see '" + name + " --help')");
            err.flush();
            return 2;
        });
        cmd.setExecutionExceptionHandler((ex, line, parse) -> {
            PrintWriter err = line.getErr();
            // messages quote names and text from files: never let their control characters reach the terminal
            err.println("genlab: " + Printable.of(describe(ex), 2000));
            if (System.getenv("GENLAB_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof dev.genlab.core.UsageException ? 2 : 1;
        });
        return cmd;
    }

    static String describe(Throwable ex) {
        Throwable t = ex;
        while (t != null) {
            if (t instanceof GenlabException g) {
                return firstLine(g.getMessage());
            }
            t = t.getCause();
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory: use fewer or smaller images (--n, --batch), or raise the heap with "
                    + "GENLAB_JAVA_OPTS=-Xmx16g";
        }
        return "internal error: " + ex.getClass().getSimpleName() + ": " + firstLine(String.valueOf(ex.getMessage()))
                + " (this is a bug; GENLAB_DEBUG=1 shows the stack trace)";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
