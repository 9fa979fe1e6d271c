package dev.genlab.text.clip;

import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the user's copy of CLIP's vocabulary (genlab ships none): the path given with --tokenizer, the
 * checkpoint's own tokenizer/ folder (diffusers), or a Hugging Face cache that diffusers or AUTOMATIC1111
 * filled ($HF_HOME/hub, else ~/.cache/huggingface/hub). When none is there, says where it looked.
 */
public final class ClipVocabularies {

    static final String HUB_FOLDER = "models--openai--clip-vit-large-patch14";

    private ClipVocabularies() {}

    /**
     * @param given      the --tokenizer path, or null
     * @param checkpoint the checkpoint file or folder, or null
     */
    public static ClipVocabulary find(Path given, Path checkpoint) {
        if (given != null) {
            if (!Files.exists(given)) {
                throw new GenlabException("--tokenizer " + given + " does not exist");
            }
            return ClipVocabulary.read(given);
        }
        List<Path> tried = new ArrayList<>();
        if (checkpoint != null) {
            Path own = (Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent())
                    .resolve("tokenizer");
            tried.add(own);
            if (readable(own)) {
                return ClipVocabulary.read(own);
            }
        }
        for (Path snapshots : hubSnapshots()) {
            tried.add(snapshots);
            for (Path snapshot : children(snapshots)) {
                if (readable(snapshot)) {
                    return ClipVocabulary.read(snapshot);
                }
            }
        }
        throw new GenlabException("no CLIP vocabulary found (looked in " + String.join(", ", tried.stream()
                .map(Path::toString).toList()) + "): give --tokenizer PATH (a folder with vocab.json and merges.txt, a "
                + "tokenizer.json, or OpenAI's bpe_simple_vocab_16e6.txt.gz)");
    }

    private static boolean readable(Path dir) {
        return Files.isRegularFile(dir.resolve("tokenizer.json"))
                || (Files.isRegularFile(dir.resolve("vocab.json")) && Files.isRegularFile(dir.resolve("merges.txt")));
    }

    private static List<Path> hubSnapshots() {
        List<Path> out = new ArrayList<>();
        String hfHome = System.getenv("HF_HOME");
        if (hfHome != null && !hfHome.isBlank()) {
            out.add(Path.of(hfHome, "hub", HUB_FOLDER, "snapshots"));
        }
        out.add(Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub", HUB_FOLDER, "snapshots"));
        return out;
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
