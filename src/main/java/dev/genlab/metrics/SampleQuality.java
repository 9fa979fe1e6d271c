package dev.genlab.metrics;

import ai.djl.ndarray.NDManager;
import dev.genlab.core.Seeds;
import dev.genlab.data.Image;
import dev.genlab.metrics.classifier.ClassifierModel;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.Generator;
import dev.genlab.model.Sample;
import dev.genlab.modelstore.ModelDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures a model card records for a freshly trained generator: FD-FMNIST, KID, precision and recall
 * of {@code n} samples (seeds 0…n−1), and for a class-conditional model the share of samples that the
 * classifier puts in the class they were generated for.
 */
public final class SampleQuality {

    private static final int BATCH = 100;

    private SampleQuality() {}

    public static Map<String, Double> measure(Generator g, ModelDirectory classifierDir, int n, NDManager manager) {
        List<Image> images = new ArrayList<>(n);
        List<Integer> asked = new ArrayList<>(n);
        for (int start = 0; start < n; start += BATCH) {
            long[] seeds = Seeds.range(start, Math.min(BATCH, n - start));
            for (Sample s : g.generate(new GenerationRequest(seeds, null, 1.0))) {
                images.add(s.image());
                asked.add(s.classIndex());
            }
        }
        ReferenceStatistics ref = ReferenceStatistics.read(classifierDir.path());
        Map<String, Double> out = new LinkedHashMap<>();
        try (ClassifierModel c = ClassifierModel.load(classifierDir, manager)) {
            ClassifierModel.Outputs o = c.run(images);
            QualityMetrics q = QualityMetrics.of(o, ref, null, 0);
            out.put("fd_fmnist", q.fd());
            out.put("kid", q.kid().mean());
            out.put("precision", q.pr().precision());
            out.put("recall", q.pr().recall());
            // class accuracy over the samples that were made for a class (a diffusion model's samples without
            // --class use the null class: they count for FD and the others, not here)
            int hits = 0;
            int conditioned = 0;
            for (int i = 0; i < n; i++) {
                if (asked.get(i) != null) {
                    conditioned++;
                    int wanted = c.classNames().indexOf(g.classNames().get(asked.get(i)));
                    hits += o.predicted(i) == wanted ? 1 : 0;
                }
            }
            if (conditioned > 0) {
                out.put("class_accuracy", (double) hits / conditioned);
            }
        }
        return out;
    }
}
