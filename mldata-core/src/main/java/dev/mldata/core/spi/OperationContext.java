package dev.mldata.core.spi;

import dev.mldata.core.Listener;
import dev.mldata.core.MldataConfig;

/**
 * What every operation receives from the facade. Immutable and thread-safe.
 *
 * @param config the effective configuration
 * @param listener where events go; already serialized and throttled
 */
public record OperationContext(MldataConfig config, Listener listener) {}
