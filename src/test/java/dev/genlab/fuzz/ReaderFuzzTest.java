package dev.genlab.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Coverage-guided fuzzing with Jazzer of every reader of outside bytes ({@link FuzzedReader}): each reader in a JVM
 * of its own (Jazzer fuzzes one target a process), started from its valid seeds and the inputs that once failed
 * (src/test/resources/dev/genlab/fuzz/findings/READER/, replayed first), for {@code -Dgenlab.fuzz.runs} inputs
 * (10,000 in CI; more outside it). An input that escapes as anything but genlab's one-line error, hangs for 30 s or
 * takes the process over its memory fails the test and is kept in target/fuzz-crashes/. {@code -Dgenlab.fuzz.reader=ID}
 * fuzzes one reader.
 */
class ReaderFuzzTest {

    static final int RUNS = Integer.getInteger("genlab.fuzz.runs", 10_000);
    /** {@code -Dgenlab.fuzz.reader=npy} fuzzes that reader only (a longer run of one). */
    static final String ONLY = System.getProperty("genlab.fuzz.reader");
    static final Path WORK = Path.of("target", "fuzz");
    static final Path CRASHES = Path.of("target", "fuzz-crashes");
    static final Path FINDINGS = Path.of("src", "test", "resources", "dev", "genlab", "fuzz", "findings");
    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
    private static final Pattern COVERAGE = Pattern.compile("#\\d+\\s+\\w+\\s+cov: (\\d+)");
    /** Jazzer's sanitizers for injections that no reader without a pickle can reach. */
    private static final List<String> SANITIZERS = Stream.of("ClojureLangHooks", "Deserialization",
            "ExpressionLanguageInjection", "LdapInjection", "NamingContextLookup", "OsCommandInjection",
            "ReflectiveCall", "RegexInjection", "RegexRoadblocks", "ScriptEngineInjection", "ServerSideRequestForgery",
            "SqlInjection", "XPathInjection").map(h -> "com.code_intelligence.jazzer.sanitizers." + h).toList();
    private static final List<String> SUMMARY = new ArrayList<>();

    @ParameterizedTest
    @EnumSource(FuzzedReader.class)
    void readerFailsOnlyWithOneLineErrors(FuzzedReader reader) throws Exception {
        assumeTrue(ONLY == null || ONLY.equals(reader.id()), "-Dgenlab.fuzz.reader=" + ONLY + " fuzzes another reader");
        assumeTrue(reader.available(), "Debian's python3-torch is not installed (.ci/run installs it)");
        Path work = WORK.resolve(reader.id());
        deleteTree(work);
        Path corpus = Files.createDirectories(work.resolve("corpus"));
        Path seeds = Files.createDirectories(work.resolve("seeds"));
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Files.createDirectories(CRASHES);
        reader.seeds(seeds);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-XX:MaxDirectMemorySize=1g", "-Djava.io.tmpdir=" + tmp.toAbsolutePath(),
                "-Dai.djl.offline=true",
                "-Dgenlab.fuzz.target=" + reader.name(), "-cp", System.getProperty("java.class.path"),
                "com.code_intelligence.jazzer.Jazzer", "--target_class=" + ReaderTarget.class.getName(),
                "--instrumentation_includes=dev.genlab.**", "--reproducer_path=" + work.toAbsolutePath(),
                "-seed=1", "-runs=" + RUNS, "-timeout=30",
                // libFuzzer's RSS limit reads a high-water mark that a started process inherits from its parent (a
                // test JVM of 2.6 GB failed every reader at its first input): the JVM's own limits above make
                // running out of memory an OutOfMemoryError, which Jazzer reports as a finding
                "-rss_limit_mb=0",
                "-artifact_prefix=" + CRASHES.toAbsolutePath() + "/" + reader.id() + "-"));
        if (!reader.mayRunCode()) {
            command.add("--disabled_hooks=" + String.join(":", SANITIZERS)); // two seconds of start-up each
        }
        command.add(corpus.toString()); // the first folder: where Jazzer keeps the inputs that found new code
        command.add(seeds.toString());
        Path findings = FINDINGS.resolve(reader.id());
        if (Files.isDirectory(findings)) {
            command.add(findings.toString());
        }
        Path log = work.resolve("jazzer.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished && p.exitValue() == 0).as("%s: Jazzer found a failing input (log %s):%n%s", reader,
                log, findingOf(output)).isTrue();
        Matcher done = DONE.matcher(output);
        assertThat(done.find()).as("%s: Jazzer's summary line in %s", reader, log).isTrue();
        int runs = Integer.parseInt(done.group(1));
        assertThat(runs).as("inputs run").isGreaterThanOrEqualTo(RUNS);
        SUMMARY.add(String.format("%-15s %,9d inputs in %4s s, %,6d coverage edges, %,5d inputs kept in the corpus"
                + "  (%s)", reader.id(), runs, done.group(2), lastCoverage(output), count(corpus),
                reader.description));
    }

    @AfterAll
    static void report() throws IOException {
        SUMMARY.forEach(s -> System.out.println("fuzz: " + s));
        Files.createDirectories(WORK);
        Files.write(WORK.resolve("summary.txt"), SUMMARY);
    }

    /** The part of Jazzer's output that says what failed: from its finding's header on, or the end. */
    private static String findingOf(String output) {
        int at = output.indexOf("== Java Exception");
        if (at < 0) {
            at = output.indexOf("ERROR: libFuzzer");
        }
        String part = at >= 0 ? output.substring(at) : output.substring(Math.max(0, output.length() - 4000));
        return part.length() > 6000 ? part.substring(0, 6000) : part;
    }

    private static int lastCoverage(String output) {
        Matcher m = COVERAGE.matcher(output);
        int cov = 0;
        while (m.find()) {
            cov = Integer.parseInt(m.group(1));
        }
        return cov;
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
