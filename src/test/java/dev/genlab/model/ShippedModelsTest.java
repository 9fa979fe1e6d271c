package dev.genlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import dev.genlab.catalog.Catalog;
import dev.genlab.data.Image;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The models in the repository's models/ folder still load and produce images with content. */
class ShippedModelsTest {

    static final Path MODELS = Path.of("models");

    @Test
    void everyShippedModelLoadsAndGenerates() {
        assumeTrue(Files.isDirectory(MODELS), "no models/ folder");
        ModelRegistry registry = Catalog.registry(MODELS);
        List<ModelRegistry.Listing> listings = registry.list();
        assertThat(listings).allSatisfy(l -> assertThat(l.problem()).as(l.path().toString()).isNull());
        try (NDManager m = NDManager.newBaseManager()) {
            for (ModelRegistry.Listing l : listings) {
                ModelDirectory dir = l.model();
                assertThat(dir.path().resolve(ModelDirectory.CARD)).exists();
                if (!registry.names().contains(dir.name())) {
                    continue; // the classifier: checked below
                }
                try (Generator g = registry.family(dir).load(dir, m)) {
                    List<Sample> samples = g.generate(new GenerationRequest(new long[] {1, 2, 3, 4}, null, 1.0));
                    for (Sample s : samples) {
                        Image im = s.image();
                        assertThat(im.width()).isEqualTo(dir.manifest().image().width());
                        double mean = 0;
                        double min = 1;
                        double max = 0;
                        for (float v : im.pixels()) {
                            mean += v;
                            min = Math.min(min, v);
                            max = Math.max(max, v);
                        }
                        mean /= im.pixels().length;
                        assertThat(max - min).as("contrast of " + dir.name()).isGreaterThan(0.5);
                        assertThat(mean).as("mean brightness of " + dir.name()).isBetween(0.02, 0.98);
                    }
                    assertThat(samples.get(0).image()).isNotEqualTo(samples.get(1).image());
                }
            }
        }
    }

    @Test
    void everyShippedFileTellsTheSameStory() throws Exception {
        assumeTrue(Files.isDirectory(MODELS), "no models/ folder");
        for (ModelRegistry.Listing l : Catalog.registry(MODELS).list()) {
            ModelDirectory dir = l.model();
            if (!dir.hasWeights()) {
                continue; // procedural: the config is the model
            }
            String embedded = dev.genlab.data.safetensors.SafeTensors.index(dir.weights(), "%s").metadata()
                    .get("genlab.manifest");
            assertThat(embedded).as(dir.name() + ": the manifest inside the weights").isNotNull();
            var json = ModelDirectory.JSON;
            assertThat(json.readTree(embedded)).as(dir.name() + ": the weights' manifest equals config.json")
                    .isEqualTo(json.readTree(dir.path().resolve(ModelDirectory.CONFIG).toFile()));
            if (dir.manifest().headline() != null) {
                assertThat(Files.readString(dir.path().resolve(ModelDirectory.CARD)))
                        .as(dir.name() + ": the card's headline").contains("| headline | " + dir.manifest().headline());
            }
        }
    }

    @Test
    void theShippedClassifierAndItsReferenceStatisticsLoad() {
        Path dir = MODELS.resolve("classifier");
        assumeTrue(Files.isDirectory(dir), "no shipped classifier");
        var ref = dev.genlab.metrics.ReferenceStatistics.read(dir);
        try (NDManager m = NDManager.newBaseManager();
                var c = dev.genlab.metrics.classifier.ClassifierModel.load(ModelDirectory.open(dir), m)) {
            assertThat(ref.testFeatures()).hasNumberOfRows(10_000);
            assertThat(ref.testFeatures()[0]).hasSize(c.featureDim());
            assertThat(c.classNames()).hasSize(10);
        }
    }
}
