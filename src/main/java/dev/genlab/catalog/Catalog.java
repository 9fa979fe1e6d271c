package dev.genlab.catalog;

import dev.genlab.metrics.classifier.ClassifierModel;
import dev.genlab.metrics.classifier.ClassifierTrainCommand;
import dev.genlab.model.FamilyTrainCommand;
import dev.genlab.model.ModelFamily;
import dev.genlab.model.ModelRegistry;
import dev.genlab.model.diffusion.DiffusionFamily;
import dev.genlab.model.flow.FlowFamily;
import dev.genlab.model.gan.GanFamily;
import dev.genlab.model.latent.AutoencoderFamily;
import dev.genlab.model.latent.LdmFamily;
import dev.genlab.model.pixelcnn.PixelCnnFamily;
import dev.genlab.model.procedural.ProceduralFamily;
import dev.genlab.model.sd.SdFamily;
import dev.genlab.model.stylegan.StyleGanFamily;
import dev.genlab.model.stylegan2ada.Sg2Family;
import dev.genlab.model.vae.VaeFamily;
import dev.genlab.model.vqvae.VqVaeFamily;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The one place that knows every family, and where installed models live. */
public final class Catalog {

    /** Environment variable that points genlab at another models folder. */
    public static final String MODELS_ENV = "GENLAB_MODELS";

    private Catalog() {}

    public static List<ModelFamily> families() {
        List<ModelFamily> all = new ArrayList<>(List.of(new VaeFamily(), new GanFamily(), new DiffusionFamily(),
                new PixelCnnFamily(), new FlowFamily(), new StyleGanFamily(), new VqVaeFamily(), new AutoencoderFamily(),
                new LdmFamily(), new SdFamily(), new Sg2Family()));
        all.addAll(ProceduralFamily.all());
        return List.copyOf(all);
    }

    /** Every {@code genlab train} subcommand: the families' own, then the metrics' classifier. */
    public static List<FamilyTrainCommand> trainCommands() {
        List<FamilyTrainCommand> all = new ArrayList<>();
        families().forEach(f -> all.addAll(f.trainCommands()));
        all.add(new ClassifierTrainCommand());
        return List.copyOf(all);
    }

    /**
     * The manifest for a checkpoint the user brings, from the first family that recognises it; null if none
     * does.
     */
    public static dev.genlab.modelstore.ModelManifest adopt(String name, Path checkpoint,
            ModelFamily.CheckpointExtras extras) {
        for (ModelFamily f : families()) {
            var m = f.adopt(name, checkpoint, extras);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** The models folder: $GENLAB_MODELS, else models/ beside the launcher, else ./models. */
    public static Path defaultModelsDir() {
        String env = System.getenv(MODELS_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String home = System.getProperty("genlab.home");
        return home != null ? Path.of(home, "models") : Path.of("models");
    }

    public static ModelRegistry registry(Path modelsDir) {
        return new ModelRegistry(modelsDir != null ? modelsDir : defaultModelsDir(), families(),
                Set.of(ClassifierModel.FAMILY));
    }
}
