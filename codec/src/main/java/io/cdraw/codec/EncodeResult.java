package io.cdraw.codec;

/**
 * A .cdraw stream and the three rates of its latents.
 *
 * @param stream the complete file
 * @param storedSteps whole steps whose latents the stream holds
 * @param partialSymbols symbols of the next step stored after them (0: none)
 * @param partialWidthCode the partial step's grid width code w: Δ · 2^(w/4) (0 without one)
 * @param filterSize the side of the stream's reconstruction filter (0: none)
 * @param totalSteps the model's T
 * @param modelRateBits the model's own rate over the stored latents, in bits: Σ KL(q || p) for a
 *     model trained with the KL; for a discrete-rate model Σ −log2 of the prior's exact mass over
 *     each coded bin (what it was trained on; idealBits differs only by the tabulated scales)
 * @param idealBits the discrete rate −Σ log2 P(k) under the coded tables, in bits
 * @param payloadBits the range-coded payload, in bits
 * @param width image width
 * @param height image height
 */
public record EncodeResult(byte[] stream, int storedSteps, int partialSymbols, int partialWidthCode,
    int filterSize, int totalSteps,
    double modelRateBits, double idealBits, long payloadBits, int width, int height) {

  public long fileBits() {
    return stream.length * 8L;
  }

  public double bitsPerPixel() {
    return fileBits() / ((double) width * height);
  }
}
