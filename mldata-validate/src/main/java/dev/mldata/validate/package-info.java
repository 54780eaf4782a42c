/**
 * Data validation (API): tabular quality checks and image/audio file integrity. Implementation
 * lives in {@code dev.mldata.validate.internal}; not implemented yet in this version.
 */
package dev.mldata.validate;
