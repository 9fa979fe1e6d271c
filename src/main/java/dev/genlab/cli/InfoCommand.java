package dev.genlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
import dev.genlab.core.Printable;
import dev.genlab.data.png.PngChunk;
import dev.genlab.data.png.PngReader;
import dev.genlab.modelstore.ModelDirectory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `genlab info IMAGE.png`: the parameters stored in a PNG. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the generation parameters stored in PNG files.")
final class InfoCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "IMAGE.png")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        for (Path image : images) {
            String name = image.toString();
            byte[] png = AtomicFiles.read(image, "image");
            List<PngChunk> chunks = PngReader.chunks(png, name);
            ByteBuffer ihdr = ByteBuffer.wrap(chunks.get(0).data());
            Map<String, String> texts = PngReader.texts(png, name);
            if (images.size() > 1) {
                System.out.println("== " + name);
            }
            System.out.printf("size: %dx%d%n", ihdr.getInt(), ihdr.getInt());
            String params = texts.get("parameters");
            String json = texts.get("genlab");
            if (params == null && json == null) {
                throw new GenlabException(name + " holds no generation parameters (no 'parameters' or 'genlab' chunk)");
            }
            if (params != null) {
                System.out.println("parameters:");
                params.lines().forEach(l -> System.out.println("  " + Printable.of(l, 10_000)));
            }
            if (json != null) {
                JsonNode node = ModelDirectory.JSON.readTree(json);
                System.out.println("genlab:");
                ModelDirectory.JSON.writeValueAsString(node).lines()
                        .forEach(l -> System.out.println("  " + Printable.of(l, 10_000)));
            }
        }
        return 0;
    }
}
