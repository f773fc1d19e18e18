package io.kerbridge.directory.internal;

import io.kerbridge.directory.Account;
import java.util.Optional;

/** An account as stored, with the columns the {@link Account} record does not carry. */
public record AccountRow(Account account, Optional<Integer> rodcNumber, Optional<String> trustRealm) {}
