package io.kerbridge.directory;

/** groupType scope (MS-ADTS 2.2.12); BUILTIN aliases are domain-local. */
public enum GroupScope {
    GLOBAL, UNIVERSAL, DOMAIN_LOCAL
}
