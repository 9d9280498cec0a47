package io.jgrad.core.reference;

import io.jgrad.core.Backend;
import io.jgrad.core.BackendContract;

/**
 * The plain-loop oracle keeps the contract too. It lives in another package on purpose: that is how the fast CPU
 * and CUDA backends' tests will extend {@link BackendContract} from the core test-jar.
 */
class ReferenceBackendTest extends BackendContract {
    @Override
    protected Backend backend() {
        return ReferenceBackend.INSTANCE;
    }
}
