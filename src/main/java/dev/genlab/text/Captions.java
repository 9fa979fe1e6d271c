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

    /**
     * Names, adjectives and whole descriptions of a class for training, and paraphrases held out from
     * training. The descriptions say what a garment is or is for ("a shoe for running") rather than naming
     * it: without them every training caption contains a class noun, and the model learns to look for the
     * noun instead of reading the encoder's sense of the whole prompt.
     */
    record Vocabulary(List<String> nouns, List<String> adjectives, List<String> descriptions,
            List<String> heldOut) {}

    private static final Map<String, Vocabulary> FASHION = Map.of(
            "t-shirt-top", new Vocabulary(
                    List.of("t-shirt", "tee", "top", "tank top", "short-sleeved shirt", "t-shirt top"),
                    List.of("plain", "striped", "printed", "cotton", "casual", "sleeveless", "white", "dark"),
                    List.of("a top with short sleeves", "a light top for warm weather", "a sleeveless vest top",
                            "an upper-body garment with short sleeves", "a cotton top without buttons",
                            "a simple top with a round neckline", "a collarless top",
                            "a top for the gym"),
                    List.of("a basic crew neck tee", "something to wear on a hot summer day",
                            "a graphic tee with a logo")),
            "trouser", new Vocabulary(
                    List.of("trousers", "pants", "jeans", "leggings", "pair of trousers", "pair of jeans"),
                    List.of("long", "slim", "straight", "denim", "dark", "wide", "plain", "tight"),
                    List.of("a garment with two legs", "pants worn from the waist to the ankles",
                            "a pair of long pants", "denim for everyday wear", "bottoms with two long legs",
                            "work trousers", "a pair of formal trousers", "bottoms for the lower body"),
                    List.of("slacks for the office", "a pair of chinos", "something to cover both legs")),
            "pullover", new Vocabulary(
                    List.of("pullover", "sweater", "jumper", "sweatshirt", "knitted sweater", "hoodie"),
                    List.of("warm", "knitted", "woolly", "long-sleeved", "thick", "cosy", "grey", "patterned"),
                    List.of("a warm top with long sleeves", "knitwear for cold weather", "a woollen top",
                            "a thick long-sleeved top", "a cosy top to keep warm", "a knitted garment",
                            "a sweater with long sleeves and no buttons", "a top for chilly days"),
                    List.of("a cardigan-like knit for winter", "a crewneck for a cold evening",
                            "a garment made of wool yarn")),
            "dress", new Vocabulary(
                    List.of("dress", "gown", "summer dress", "sundress", "evening dress", "frock"),
                    List.of("long", "short", "elegant", "flowing", "sleeveless", "floral", "dark", "simple"),
                    List.of("a one-piece outfit", "a garment with a skirt", "a women's outfit for a party",
                            "a long dress for the evening", "an outfit for a summer party",
                            "a skirt and top in one piece", "a gown for a ball", "a dress for a date"),
                    List.of("a maxi for a wedding guest", "a one-piece garment worn by women",
                            "a cocktail outfit with a skirt")),
            "coat", new Vocabulary(
                    List.of("coat", "jacket", "overcoat", "parka", "winter coat", "blazer"),
                    List.of("warm", "heavy", "long", "buttoned", "zipped", "dark", "padded", "waterproof"),
                    List.of("a warm jacket for winter", "a long outer garment with buttons", "a jacket with a zip",
                            "a raincoat", "a jacket worn over other clothes", "outdoor clothing for cold weather",
                            "a hooded winter jacket", "a long coat with sleeves"),
                    List.of("an anorak for rainy weather", "outerwear for a snowy day", "a trench")),
            "sandal", new Vocabulary(
                    List.of("sandal", "sandals", "flip-flop", "slipper", "strappy sandal", "open shoe"),
                    List.of("summer", "flat", "open", "strappy", "high-heeled", "light", "leather", "beach"),
                    List.of("an open shoe with straps", "summer footwear", "a shoe that leaves the foot open",
                            "beach shoes", "a flat shoe with thin straps", "a high heel with straps",
                            "a light shoe for hot weather", "a slip-on for the summer"),
                    List.of("footwear for the beach that shows the toes", "a pair of thongs for the pool",
                            "a heeled slide")),
            "shirt", new Vocabulary(
                    List.of("shirt", "blouse", "button-up shirt", "dress shirt", "flannel shirt", "polo shirt"),
                    List.of("long-sleeved", "collared", "checked", "plaid", "formal", "buttoned", "light", "patterned"),
                    List.of("a top with a collar and buttons", "a long-sleeved shirt with buttons",
                            "a formal shirt for work", "a checked shirt", "a shirt for the office",
                            "a top with buttons down the front", "a women's blouse with long sleeves",
                            "a collared top"),
                    List.of("an oxford with a collar and buttons", "a lumberjack flannel",
                            "something a man wears under a tie")),
            "sneaker", new Vocabulary(
                    List.of("sneaker", "sneakers", "trainer", "running shoe", "sports shoe", "canvas shoe"),
                    List.of("white", "low", "athletic", "sporty", "lace-up", "comfortable", "dark", "casual"),
                    List.of("a shoe for running", "sports footwear", "an athletic shoe with laces",
                            "a low shoe with a rubber sole", "a shoe for sport", "a casual lace-up shoe",
                            "a shoe for basketball", "a trainer for the track"),
                    List.of("footwear for jogging", "kicks for the gym", "a tennis shoe")),
            "bag", new Vocabulary(
                    List.of("bag", "handbag", "purse", "backpack", "tote bag", "shoulder bag"),
                    List.of("leather", "large", "small", "square", "dark", "stylish", "woven", "plain"),
                    List.of("a bag with a handle", "a leather bag with a strap", "a bag for shopping",
                            "a carry-all for travel", "a purse for a night out", "a bag to carry on the shoulder",
                            "a school backpack", "a case with handles"),
                    List.of("a satchel to carry books", "a clutch for an evening out",
                            "something to carry belongings in")),
            "ankle-boot", new Vocabulary(
                    List.of("ankle boot", "boot", "boots", "chelsea boot", "short boot", "heeled boot"),
                    List.of("leather", "black", "heeled", "winter", "suede", "laced", "dark", "chunky"),
                    List.of("a boot that reaches the ankle", "winter footwear", "a heeled boot for women",
                            "a boot with laces", "a short boot with a zip", "footwear for cold weather",
                            "a leather boot for winter", "a closed shoe up to the ankle"),
                    List.of("a bootie that covers the ankle", "a short leather boot for women",
                            "footwear for autumn that reaches above the ankle")));

    private static final List<String> TEMPLATES = List.of(
            "{n}", "a {n}", "a {a} {n}", "a photo of a {n}", "a photo of a {a} {n}", "a picture of a {n}",
            "an image of a {a} {n}", "a black and white photo of a {n}", "a grayscale picture of a {a} {n}",
            "a {n} on a black background", "a product photo of a {a} {n}", "a low resolution photo of a {n}",
            "a small image of a {n}", "a centred {n}", "one {a} {n}", "the {n}", "a catalogue image of a {n}",
            "a fashion item: a {n}", "a {a} {n}, product shot", "clothing: a {a} {n}");

    /** Templates around a whole description ({d}), which brings its own article. */
    private static final List<String> DESCRIPTION_TEMPLATES = List.of(
            "{d}", "a photo of {d}", "a picture of {d}", "an image of {d}", "a product photo of {d}",
            "a black and white photo of {d}", "{d} on a black background", "a catalogue image of {d}");

    /**
     * Share of described captions among those drawn (and kept by {@link CaptionBank}): enough that the model
     * must read descriptions, while named captions, which people type most, stay the majority.
     */
    static final double DESCRIBED_SHARE = 1.0 / 3;

    private final List<String> classNames;

    /** @param classNames the dataset's classes, index = label */
    public Captions(List<String> classNames) {
        this.classNames = List.copyOf(classNames);
    }

    private Vocabulary vocabulary(int label) {
        String name = classNames.get(label);
        Vocabulary v = FASHION.get(name);
        return v != null ? v
                : new Vocabulary(List.of(name.replace('-', ' ')), List.of("plain"), List.of(), List.of());
    }

    /** A caption of class {@code label}, chosen by {@code rng} (a training image gets a new one each epoch). */
    public String caption(int label, SeededRandom rng) {
        Vocabulary v = vocabulary(label);
        if (!v.descriptions().isEmpty() && rng.nextDouble() < DESCRIBED_SHARE) {
            String template = DESCRIPTION_TEMPLATES.get(rng.nextInt(DESCRIPTION_TEMPLATES.size()));
            return describe(template, v.descriptions().get(rng.nextInt(v.descriptions().size())));
        }
        String template = TEMPLATES.get(rng.nextInt(TEMPLATES.size()));
        String noun = v.nouns().get(rng.nextInt(v.nouns().size()));
        String adjective = v.adjectives().get(rng.nextInt(v.adjectives().size()));
        return fill(template, noun, adjective);
    }

    /** Every training caption of a class: {@link #named} then {@link #described}. */
    public List<String> all(int label) {
        List<String> out = new ArrayList<>(named(label));
        out.addAll(described(label));
        return out;
    }

    /** Captions that name the class (templates × names × adjectives), without repeats. */
    public List<String> named(int label) {
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

    /** Captions that describe the class without naming it (templates × descriptions). */
    public List<String> described(int label) {
        Vocabulary v = vocabulary(label);
        List<String> out = new ArrayList<>();
        for (String t : DESCRIPTION_TEMPLATES) {
            for (String d : v.descriptions()) {
                out.add(describe(t, d));
            }
        }
        return out;
    }

    /** Paraphrases of a class that no training caption contains (empty for classes without a vocabulary). */
    public List<String> heldOut(int label) {
        return vocabulary(label).heldOut();
    }

    private static String describe(String template, String description) {
        return template.replace("{d}", description);
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
