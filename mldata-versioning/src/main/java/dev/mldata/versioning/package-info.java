/**
 * Dataset versioning (API): {@code .dvc} files as {@code dvc add} writes them and Git-LFS tracking
 * as {@code git lfs track} writes it. Implementation lives in {@code
 * dev.mldata.versioning.internal}; not implemented yet in this version.
 */
package dev.mldata.versioning;
