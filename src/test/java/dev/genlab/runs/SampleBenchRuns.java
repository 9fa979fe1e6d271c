package dev.genlab.runs;

import dev.genlab.bench.BenchResults;
import dev.genlab.bench.Summary;
import java.util.List;
import java.util.Map;

/** Small bench results for tests of what stores and shows them: measured rows of these models and one failure. */
public final class SampleBenchRuns {

    private SampleBenchRuns() {}

    public static BenchResults results(String created, String... models) {
        List<BenchResults.Row> rows = new java.util.ArrayList<>();
        for (String m : models) {
            rows.add(BenchResults.Row.builder(m, "gan", Map.of()).timing(0.1, Summary.of(new double[] {0.01, 0.02}),
                    List.of(0.015), null).throughput(8, 500, List.of()).memory(300, 400, null).build());
        }
        return new BenchResults(BenchResults.SCHEMA, created, "0.1.0", "abc", new BenchResults.Machine("Linux", "amd64",
                "cpu", 2, 24, "17", "DJL", "cpu", 2, 300), new BenchResults.Settings(2, 50, 1, List.of(1), true,
                false, false), rows, null, List.of(), 12.5, List.of(new BenchResults.Failure("broken", Map.of(),
                "its weights hold NaN")), List.of());
    }
}
