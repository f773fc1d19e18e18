package io.kerbridge.directory;

/** The domain object and its policy; the domain's own krbtgt key. */
public interface DomainAdmin {
    Domain domain();

    DomainPolicy policy();

    /** Replaces the domain policy (durable before return; lookups see it at once). */
    void setPolicy(DomainPolicy policy);

    /** A new random krbtgt key (kvno + 1); the two previous versions stay for tickets still in flight. */
    KeyVersion rotateKrbtgt();
}
