package io.cdraw.codec;

/**
 * A .cdraw stream and the three rates of its latents.
 *
 * @param stream the complete file
 * @param storedSteps steps whose latents the stream holds
 * @param totalSteps the model's T
 * @param modelRateBits the model's own rate over the stored latents, in bits: Σ KL(q || p) for a
 *     model trained with the KL; for a discrete-rate model Σ −log2 of the prior's mass over the
 *     bin of width Δ centred on the posterior mean (what it was trained on, without the noise)
 * @param idealBits the discrete rate −Σ log2 P(k) under the coded tables, in bits
 * @param payloadBits the range-coded payload, in bits
 * @param width image width
 * @param height image height
 */
public record EncodeResult(byte[] stream, int storedSteps, int totalSteps, double modelRateBits,
    double idealBits, long payloadBits, int width, int height) {

  public long fileBits() {
    return stream.length * 8L;
  }

  public double bitsPerPixel() {
    return fileBits() / ((double) width * height);
  }
}
