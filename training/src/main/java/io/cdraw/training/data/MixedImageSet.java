package io.cdraw.training.data;

import io.cdraw.codec.CdrawException;
import java.util.Random;

/**
 * Several sets of the same image size seen as one, each part given the same share of indices:
 * a part smaller than the largest is revisited (with fresh random crops) so that sampling indices
 * uniformly draws every part equally often.
 */
final class MixedImageSet implements ImageSet {
  private final ImageSet[] parts;
  private final int share;

  MixedImageSet(ImageSet... parts) {
    this.parts = parts;
    int largest = 0;
    for (ImageSet p : parts) {
      if (p.channels() != parts[0].channels() || p.height() != parts[0].height()
          || p.width() != parts[0].width() || p.binary() != parts[0].binary()) {
        throw new CdrawException(CdrawException.Kind.BAD_INPUT,
            "mixed data sets must have the same image shape");
      }
      if (p.size() == 0) {
        throw new CdrawException(CdrawException.Kind.BAD_INPUT,
            "a mixed data set has an empty part");
      }
      largest = Math.max(largest, p.size());
    }
    this.share = largest;
  }

  @Override
  public int size() {
    return share * parts.length;
  }

  @Override
  public int channels() {
    return parts[0].channels();
  }

  @Override
  public int height() {
    return parts[0].height();
  }

  @Override
  public int width() {
    return parts[0].width();
  }

  @Override
  public boolean binary() {
    return parts[0].binary();
  }

  @Override
  public void copy(int index, Random random, byte[] dst, int offset) {
    ImageSet part = parts[index / share];
    part.copy(index % share % part.size(), random, dst, offset);
  }
}
