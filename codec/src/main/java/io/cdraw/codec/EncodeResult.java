package io.cdraw.codec;

/**
 * A .cdraw stream and the three rates of its latents.
 *
 * @param stream the complete file
 * @param storedSteps steps whose latents the stream holds
 * @param totalSteps the model's T
 * @param klBits the model's rate: Σ KL(q || p) over the stored latents, in bits
 * @param idealBits the discrete rate −Σ log2 P(k) under the coded tables, in bits
 * @param payloadBits the range-coded payload, in bits
 * @param width image width
 * @param height image height
 */
public record EncodeResult(byte[] stream, int storedSteps, int totalSteps, double klBits,
    double idealBits, long payloadBits, int width, int height) {

  public long fileBits() {
    return stream.length * 8L;
  }

  public double bitsPerPixel() {
    return fileBits() / ((double) width * height);
  }
}
