package dev.mldata.core;

/**
 * One file of a {@link PullResult}. Immutable and thread-safe.
 *
 * @param path path relative to the output folder, with {@code /} separators
 * @param size size in bytes
 * @param sha256 SHA-256 of the file as it is on disk
 * @param outcome how it was obtained
 * @param transferred bytes that crossed the network or were copied in this run
 * @param resumedFrom bytes an earlier run had left on disk and that were kept
 */
public record PulledFile(
    String path,
    long size,
    String sha256,
    Event.Outcome outcome,
    long transferred,
    long resumedFrom) {}
