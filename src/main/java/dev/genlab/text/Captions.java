package dev.genlab.text;

import dev.genlab.core.SeededRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Captions written from class labels, so that a text-to-image model can be trained on a labelled dataset:
 * for each class several names and descriptions, combined with many templates into hundreds of distinct
 * captions, so that prompts a person would type work. A separate list of paraphrases per class never appears
 * among the training captions: accuracy on those measures whether the model uses the text encoder's
 * understanding of language rather than memorised strings. Classes this vocabulary does not know get the
 * templates around their own name.
 */
public final class Captions {

    /** Names and descriptions of a class for training, and paraphrases held out from training. */
    record Vocabulary(List<String> nouns, List<String> adjectives, List<String> heldOut) {}

    private static final Map<String, Vocabulary> FASHION = Map.of(
            "t-shirt-top", new Vocabulary(
                    List.of("t-shirt", "tee", "top", "tank top", "short-sleeved shirt", "t-shirt top"),
                    List.of("plain", "striped", "printed", "cotton", "casual", "sleeveless", "white", "dark"),
                    List.of("a basic crew neck tee", "something to wear on a hot summer day",
                            "a graphic tee with a logo")),
            "trouser", new Vocabulary(
                    List.of("trousers", "pants", "jeans", "leggings", "pair of trousers", "pair of jeans"),
                    List.of("long", "slim", "straight", "denim", "dark", "wide", "plain", "tight"),
                    List.of("slacks for the office", "a pair of chinos", "something to cover both legs")),
            "pullover", new Vocabulary(
                    List.of("pullover", "sweater", "jumper", "sweatshirt", "knitted sweater", "hoodie"),
                    List.of("warm", "knitted", "woolly", "long-sleeved", "thick", "cosy", "grey", "patterned"),
                    List.of("a cardigan-like knit for winter", "a crewneck for a cold evening",
                            "a garment made of wool yarn")),
            "dress", new Vocabulary(
                    List.of("dress", "gown", "summer dress", "sundress", "evening dress", "frock"),
                    List.of("long", "short", "elegant", "flowing", "sleeveless", "floral", "dark", "simple"),
                    List.of("a maxi for a wedding guest", "a one-piece garment worn by women",
                            "a cocktail outfit with a skirt")),
            "coat", new Vocabulary(
                    List.of("coat", "jacket", "overcoat", "parka", "winter coat", "blazer"),
                    List.of("warm", "heavy", "long", "buttoned", "zipped", "dark", "padded", "waterproof"),
                    List.of("an anorak for rainy weather", "outerwear for a snowy day", "a trench")),
            "sandal", new Vocabulary(
                    List.of("sandal", "sandals", "flip-flop", "slipper", "strappy sandal", "open shoe"),
                    List.of("summer", "flat", "open", "strappy", "high-heeled", "light", "leather", "beach"),
                    List.of("footwear for the beach that shows the toes", "a pair of thongs for the pool",
                            "a heeled slide")),
            "shirt", new Vocabulary(
                    List.of("shirt", "blouse", "button-up shirt", "dress shirt", "flannel shirt", "polo shirt"),
                    List.of("long-sleeved", "collared", "checked", "plaid", "formal", "buttoned", "light", "patterned"),
                    List.of("an oxford with a collar and buttons", "a lumberjack flannel",
                            "something a man wears under a tie")),
            "sneaker", new Vocabulary(
                    List.of("sneaker", "sneakers", "trainer", "running shoe", "sports shoe", "canvas shoe"),
                    List.of("white", "low", "athletic", "sporty", "lace-up", "comfortable", "dark", "casual"),
                    List.of("footwear for jogging", "kicks for the gym", "a tennis shoe")),
            "bag", new Vocabulary(
                    List.of("bag", "handbag", "purse", "backpack", "tote bag", "shoulder bag"),
                    List.of("leather", "large", "small", "square", "dark", "stylish", "woven", "plain"),
                    List.of("a satchel to carry books", "a clutch for an evening out",
                            "something to carry belongings in")),
            "ankle-boot", new Vocabulary(
                    List.of("ankle boot", "boot", "boots", "chelsea boot", "short boot", "heeled boot"),
                    List.of("leather", "black", "heeled", "winter", "suede", "laced", "dark", "chunky"),
                    List.of("a bootie that covers the ankle", "a short leather boot for women",
                            "footwear for autumn that reaches above the ankle")));

    private static final List<String> TEMPLATES = List.of(
            "{n}", "a {n}", "a {a} {n}", "a photo of a {n}", "a photo of a {a} {n}", "a picture of a {n}",
            "an image of a {a} {n}", "a black and white photo of a {n}", "a grayscale picture of a {a} {n}",
            "a {n} on a black background", "a product photo of a {a} {n}", "a low resolution photo of a {n}",
            "a small image of a {n}", "a centred {n}", "one {a} {n}", "the {n}", "a catalogue image of a {n}",
            "a fashion item: a {n}", "a {a} {n}, product shot", "clothing: a {a} {n}");

    private final List<String> classNames;

    /** @param classNames the dataset's classes, index = label */
    public Captions(List<String> classNames) {
        this.classNames = List.copyOf(classNames);
    }

    private Vocabulary vocabulary(int label) {
        String name = classNames.get(label);
        Vocabulary v = FASHION.get(name);
        return v != null ? v : new Vocabulary(List.of(name.replace('-', ' ')), List.of("plain"), List.of());
    }

    /** A caption of class {@code label}, chosen by {@code rng} (a training image gets a new one each epoch). */
    public String caption(int label, SeededRandom rng) {
        Vocabulary v = vocabulary(label);
        String template = TEMPLATES.get(rng.nextInt(TEMPLATES.size()));
        String noun = v.nouns().get(rng.nextInt(v.nouns().size()));
        String adjective = v.adjectives().get(rng.nextInt(v.adjectives().size()));
        return fill(template, noun, adjective);
    }

    /** Every training caption of a class (templates × names × descriptions), without repeats. */
    public List<String> all(int label) {
        Vocabulary v = vocabulary(label);
        Set<String> out = new LinkedHashSet<>();
        for (String t : TEMPLATES) {
            for (String n : v.nouns()) {
                for (String a : v.adjectives()) {
                    out.add(fill(t, n, a));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Paraphrases of a class that no training caption contains (empty for classes without a vocabulary). */
    public List<String> heldOut(int label) {
        return vocabulary(label).heldOut();
    }

    /** Fills a template and fixes the article before a vowel ("a ankle boot" → "an ankle boot"). */
    static String fill(String template, String noun, String adjective) {
        String s = template.replace("{a}", adjective).replace("{n}", noun);
        StringBuilder out = new StringBuilder();
        String[] words = s.split(" ");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.equals("a") && i + 1 < words.length && startsWithVowelSound(words[i + 1])) {
                w = "an";
            }
            out.append(i == 0 ? "" : " ").append(w);
        }
        return out.toString();
    }

    private static boolean startsWithVowelSound(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return !w.isEmpty() && "aeio".indexOf(w.charAt(0)) >= 0 || w.startsWith("un");
    }
}
