/**
 * Export (API): one-pass multi-format export and generated framework loaders. Implementation lives
 * in {@code dev.mldata.export.internal}; not implemented yet in this version.
 */
package dev.mldata.export;
