package io.kerbridge.kerberos.file;

/** One record of a ccache file, in file order: a credential or a configuration entry. */
public sealed interface CcacheEntry permits Credential, ConfigEntry {}
