package io.kerbridge.kerberos.msg;

import io.kerbridge.kerberos.Bytes;
import io.kerbridge.kerberos.types.EncType;
import java.util.Optional;

/** ETYPE-INFO2-ENTRY (RFC 4120 §5.2.7.5): how to derive the client's long-term key. */
public record EtypeInfo2Entry(EncType etype, Optional<String> salt, Optional<Bytes> s2kParams) {}
