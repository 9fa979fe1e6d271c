package dev.genlab.modelstore;

/** The size of a model's images. */
public record ImageShape(int channels, int height, int width) {

    public String size() {
        return width + "x" + height;
    }
}
