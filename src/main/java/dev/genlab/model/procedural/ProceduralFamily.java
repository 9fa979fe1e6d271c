package dev.genlab.model.procedural;

import ai.djl.ndarray.NDManager;
import dev.genlab.model.GenerateOption;
import dev.genlab.model.Generator;
import dev.genlab.model.ModelFamily;
import dev.genlab.modelstore.ModelDirectory;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The procedural families: fbm, mandelbrot, julia, reaction-diffusion. They need no engine and no weights. */
public final class ProceduralFamily implements ModelFamily {

    private final String name;
    private final Supplier<Renderer> renderer;

    private ProceduralFamily(String name, Supplier<Renderer> renderer) {
        this.name = name;
        this.renderer = renderer;
    }

    public static List<ModelFamily> all() {
        return List.of(new ProceduralFamily("fbm", FbmRenderer::new),
                new ProceduralFamily("mandelbrot", () -> new EscapeTimeRenderer(false)),
                new ProceduralFamily("julia", () -> new EscapeTimeRenderer(true)),
                new ProceduralFamily("reaction-diffusion", ReactionDiffusionRenderer::new));
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.PROCEDURAL);
    }

    @Override
    public List<GenerateOption> generateOptions() {
        return List.of(new GenerateOption("--size", "size", "WxH",
                "Procedural generators: image size in pixels, e.g. 512x512 (default: the model's)."));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Generator load(ModelDirectory dir, NDManager manager) {
        return new ProceduralModel(dir, renderer.get());
    }
}
