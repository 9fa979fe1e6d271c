package dev.genlab.data;

/** A dataset's training and held-out test images. */
public record Splits(ImageDataset train, ImageDataset test) {

    public String describe() {
        return train.source() + ": " + train.size() + " training and " + test.size() + " test images, "
                + train.width() + "x" + train.height() + "x" + train.channels() + ", "
                + train.classNames().size() + " classes";
    }
}
