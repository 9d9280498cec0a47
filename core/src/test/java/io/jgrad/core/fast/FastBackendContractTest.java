package io.jgrad.core.fast;

import io.jgrad.core.Backend;
import io.jgrad.core.BackendContract;

/** The shared backend contract, run against the fast CPU backend. */
class FastBackendContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return FastBackend.INSTANCE;
    }
}
