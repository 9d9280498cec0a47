package io.jgrad.core;

/**
 * A program run by {@link DefaultBackendTest} in a JVM started without {@code --add-modules jdk.incubator.vector}, as
 * a library user's first program often is: it must compute, on the reference backend, and say so once.
 */
public final class WithoutTheVectorApi {
    private WithoutTheVectorApi() {
    }

    public static void main(String[] args) {
        Tensor x = Tensor.of(new float[] {1, 2, 3});
        System.out.println(x.add(x).mul(x).sum().item() + " " + DefaultBackend.get().name());
        System.out.println(Tensor.ones(2, 2).matmul(Tensor.ones(2, 2)).sum().item());
    }
}
