package io.kerbridge.kerberos.types;

/**
 * A wire number with optional names (Netty DnsResponseCode / nimbus JWSAlgorithm style, style-anchors
 * §8): the record holds the number; names come from its public constants. Unknown values survive
 * decode and encode unchanged.
 */
public interface OpenEnum {
    int value();

    /** True when this value has a name in this build. */
    default boolean isKnown() {
        return OpenEnums.names(getClass()).containsKey(value());
    }

    /** The constant's name, or the number for an unknown value. */
    default String name() {
        return OpenEnums.names(getClass()).getOrDefault(value(), Integer.toString(value()));
    }
}
