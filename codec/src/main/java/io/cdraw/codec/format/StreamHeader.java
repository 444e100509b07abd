package io.cdraw.codec.format;

/**
 * The fields of a .cdraw header.
 *
 * @param modelId first 4 bytes of the SHA-256 of the model file, big-endian
 * @param width image width in pixels
 * @param height image height in pixels
 * @param flags {@link CdrawFormat#FLAG_GREY_SOURCE}
 * @param storedSteps time steps whose latents are in the payload
 * @param totalSteps the model's T
 * @param symbolCheck CRC32C over the per-step CRC32Cs of the coded symbols (detects desyncs)
 */
public record StreamHeader(int modelId, int width, int height, int flags, int storedSteps,
    int totalSteps, int symbolCheck) {}
