package io.jgrad.core;

import static io.jgrad.core.Properties.forAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link Layout} on random recipes ({@link Generators#strided}): permuted, narrowed, offset blocks
 * inside a larger storage, so most layouts are not contiguous. Each expected position is computed by hand from the
 * recipe ({@link Strided#position}), never by {@link Layout} itself.
 */
class LayoutPropertiesTest {
    record Pick(Strided strided, int axis, int index, int length) {
    }

    record Reorder(Strided strided, int[] order) {
    }

    record TwoAxes(Strided strided, int axis0, int axis1) {
    }

    record Reshape(Strided strided, int[] target) {
    }

    record BroadcastReshape(Generators.Expanded broadcast, int[] target) {
    }

    /** A random axis of a random recipe, an index along it, and a length that fits after that index. */
    static Pick pick(Rng rng) {
        Strided s = Generators.strided(rng);
        int axis = rng.nextInt(s.sizes().length);
        int index = rng.nextInt(s.sizes()[axis]);
        return new Pick(s, axis, index, rng.nextInt(1, s.sizes()[axis] - index + 1));
    }

    static int[] positions(Layout layout) {
        int[] positions = new int[layout.numel()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = layout.positionOf(i);
        }
        return positions;
    }

    // A kernel trusts every position a layout yields; one outside the storage reads garbage or throws mid-op.
    @Test
    void everyElementMapsInsideStorage() {
        forAll(Generators::strided, s -> {
            Layout layout = s.layout();
            assertTrue(layout.extent() <= s.storage().length, "extent " + layout.extent() + " > storage length");
            for (int position : positions(layout)) {
                assertTrue(position >= 0 && position < layout.extent(), "position " + position + " outside the extent");
            }
        });
    }

    // positionOf (the walk every reference kernel makes) and position(index) agree with the hand computation.
    @Test
    void positionsAgreeWithANaiveIndexComputation() {
        forAll(Generators::strided, s -> {
            Layout layout = s.layout();
            int[] index = new int[s.sizes().length];
            for (int i = 0; i < layout.numel(); i++) {
                assertEquals(s.position(index), layout.positionOf(i), "positionOf(" + i + ")");
                assertEquals(s.position(index), layout.position(index), "position" + Arrays.toString(index));
                Naive.next(index, s.sizes());
            }
        });
    }

    // Without broadcasting, two elements never share a position: an in-place op then writes each exactly once.
    @Test
    void enumerationVisitsEachPositionOnce() {
        forAll(Generators::strided, s -> {
            boolean[] seen = new boolean[s.storage().length];
            for (int position : positions(s.layout())) {
                assertFalse(seen[position], "position " + position + " visited twice");
                seen[position] = true;
            }
        });
    }

    // isContiguous must mean exactly "the positions are offset, offset + 1, ... in row-major order".
    @Test
    void aLayoutIsContiguousExactlyWhenItsPositionsAreConsecutive() {
        forAll(Generators::strided, s -> {
            int[] positions = positions(s.layout());
            boolean consecutive = true;
            for (int i = 0; i < positions.length; i++) {
                consecutive &= positions[i] == positions[0] + i;
            }
            assertEquals(consecutive, s.layout().isContiguous());
        });
    }

    // narrow moves the offset and keeps the strides: index i of the result is index start + i of the source.
    @Test
    void narrowAgreesWithANaiveIndexComputation() {
        forAll(LayoutPropertiesTest::pick, p -> {
            Layout narrowed = p.strided().layout().narrow(p.axis(), p.index(), p.length());
            int[] sizes = narrowed.shape().sizes();
            assertEquals(p.length(), sizes[p.axis()]);
            int[] index = new int[sizes.length];
            for (int i = 0; i < narrowed.numel(); i++) {
                int[] source = index.clone();
                source[p.axis()] += p.index();
                assertEquals(p.strided().position(source), narrowed.positionOf(i));
                Naive.next(index, sizes);
            }
        });
    }

    // select fixes one coordinate and drops the axis: index i of the result is i with the coordinate put back.
    @Test
    void selectAgreesWithANaiveIndexComputation() {
        forAll(LayoutPropertiesTest::pick, p -> {
            Layout selected = p.strided().layout().select(p.axis(), p.index());
            int[] sizes = selected.shape().sizes();
            assertEquals(p.strided().sizes().length - 1, sizes.length);
            int[] index = new int[sizes.length];
            for (int i = 0; i < selected.numel(); i++) {
                int[] source = new int[sizes.length + 1];
                for (int axis = 0, j = 0; axis < source.length; axis++) {
                    source[axis] = axis == p.axis() ? p.index() : index[j++];
                }
                assertEquals(p.strided().position(source), selected.positionOf(i));
                Naive.next(index, sizes);
            }
        });
    }

    // permute only relabels axes: the element at index i of the result is the one at the reordered index of the
    // source, and the inverse permutation gives back the very same layout.
    @Test
    void permuteThenInversePermuteIsTheIdentity() {
        forAll(rng -> {
            Strided s = Generators.strided(rng);
            return new Reorder(s, rng.permutation(s.sizes().length));
        }, r -> {
            Layout layout = r.strided().layout();
            Layout permuted = layout.permute(r.order());
            int[] index = new int[permuted.rank()];
            for (int i = 0; i < permuted.numel(); i++) {
                int[] source = new int[index.length];
                for (int axis = 0; axis < index.length; axis++) {
                    source[r.order()[axis]] = index[axis];
                }
                assertEquals(r.strided().position(source), permuted.positionOf(i));
                Naive.next(index, permuted.shape().sizes());
            }
            assertEquals(layout, permuted.permute(Generators.inverse(r.order())));
        });
    }

    // Swapping the same two axes again undoes the swap, however the axes are numbered (the same axis is allowed).
    @Test
    void transposeTwiceIsTheIdentity() {
        forAll(rng -> {
            Strided s = Generators.strided(rng);
            int rank = s.sizes().length;
            return new TwoAxes(s, rng.nextInt(rank), rng.nextInt(rank));
        }, t -> {
            Layout layout = t.strided().layout();
            int rank = layout.rank();
            Layout swapped = layout.transpose(t.axis0(), t.axis1());
            assertEquals(layout.shape().size(t.axis0()), swapped.shape().size(t.axis1()));
            assertEquals(layout.stride(t.axis0()), swapped.stride(t.axis1()));
            assertEquals(layout, swapped.transpose(t.axis0(), t.axis1()));
            assertEquals(layout, swapped.transpose(t.axis1() - rank, t.axis0()));
        });
    }

    // Broadcasting is stride 0: every index along a new or size-1 axis reads the source's one element there.
    @Test
    void expandedAxesHaveStrideZero() {
        forAll(rng -> Generators.expanded(rng, Generators.shape(rng)), b -> {
            int[] from = b.source().sizes();
            int[] to = b.target();
            Layout source = b.source().layout();
            Layout expanded = source.expand(Shape.of(to));
            int extra = to.length - from.length;
            for (int axis = 0; axis < to.length; axis++) {
                boolean broadcast = axis < extra || from[axis - extra] == 1 && to[axis] != 1;
                int expected = broadcast ? 0 : source.stride(axis - extra);
                assertEquals(expected, expanded.stride(axis), "stride of axis " + axis);
            }
            int[] index = new int[to.length];
            for (int i = 0; i < expanded.numel(); i++) {
                assertEquals(b.source().position(Naive.broadcastIndex(index, from, to)), expanded.positionOf(i));
                Naive.next(index, to);
            }
        });
    }

    // A contiguous layout can take any shape with the same number of elements, and stays contiguous.
    @Test
    void viewOfAContiguousLayoutAlwaysSucceeds() {
        forAll(rng -> {
            int[] sizes = Generators.shape(rng);
            return new int[][] {sizes, Generators.reshaped(rng, sizes)};
        }, shapes -> {
            Layout layout = Layout.of(Shape.of(shapes[0]), Shape.of(shapes[0]).contiguousStrides(), 3);
            Layout view = layout.view(Shape.of(shapes[1]));
            assertNotNull(view);
            assertTrue(view.isContiguous());
            assertEquals(3, view.offset());
        });
    }

    // The classic failure: the transpose of a [3, 4] matrix walks storage 0, 4, 8, 1, ... which no single stride
    // can produce, so a flat view is impossible and the message must say what to do instead.
    @Test
    void aTransposedMatrixCannotBeViewedFlat() {
        assertNull(Layout.contiguous(Shape.of(3, 4)).transpose(0, 1).view(Shape.of(12)));
        Tensor t = Tensor.zeros(3, 4).t();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.view(12));
        assertTrue(e.getMessage().contains("[4, 3]") && e.getMessage().contains("contiguous()"), e.getMessage());
    }

    // In a permuted block, axes that are still neighbours in memory merge and split freely: [2, 3, 4] permuted to
    // [4, 2, 3] has strides [1, 12, 4]; its last two axes merge into one of stride 4 and its first axis splits in
    // two, but its first two axes cannot merge.
    @Test
    void mergingAxesThatAreNeighboursInMemoryIsAView() {
        Tensor x = Tensor.arange(24).view(2, 3, 4).permute(2, 0, 1);
        assertArrayEquals(new int[] {1, 4}, x.view(4, 6).layout().strides());
        assertArrayEquals(x.contiguous().view(4, 6).toArray(), x.view(4, 6).toArray());
        assertArrayEquals(new int[] {2, 1, 12, 4}, x.view(2, 2, 2, 3).layout().strides());
        assertNull(x.layout().view(Shape.of(8, 3)));
    }

    // The exact rule: a view exists when some strides reproduce the row-major walk of positions; then the strides
    // are the distances one step along each axis moves. Layout.view must succeed exactly then, and read the same
    // elements in the same order as copying first.
    @Test
    void viewSucceedsExactlyWhenSomeStridesReadTheSameElements() {
        forAll(rng -> {
            Strided s = Generators.strided(rng);
            return new Reshape(s, Generators.reshaped(rng, s.sizes()));
        }, r -> {
            int[] positions = positions(r.strided().layout());
            Layout view = r.strided().layout().view(Shape.of(r.target()));
            boolean possible = stridesThatReadInOrder(positions, r.target()) != null;
            assertEquals(possible, view != null, possible ? "a view exists but was refused" : "an impossible view");
            if (view != null) {
                assertArrayEquals(positions, positions(view));
                Tensor x = r.strided().tensor(DefaultBackend.get());
                assertArrayEquals(x.contiguous().view(r.target()).toArray(), x.view(r.target()).toArray());
            }
        });
    }

    // The same rule holds for broadcast layouts, whose stride-0 axes can only merge with other stride-0 axes.
    @Test
    void viewOfABroadcastLayoutSucceedsExactlyWhenSomeStridesReadTheSameElements() {
        forAll(rng -> {
            Generators.Expanded b = Generators.expanded(rng, Generators.shape(rng));
            return new BroadcastReshape(b, Generators.reshaped(rng, b.target()));
        }, r -> {
            Layout layout = r.broadcast().source().layout().expand(Shape.of(r.broadcast().target()));
            int[] positions = positions(layout);
            Layout view = layout.view(Shape.of(r.target()));
            boolean possible = stridesThatReadInOrder(positions, r.target()) != null;
            assertEquals(possible, view != null, possible ? "a view exists but was refused" : "an impossible view");
            if (view != null) {
                assertArrayEquals(positions, positions(view));
            }
        });
    }

    /** The strides under which {@code target} walks {@code positions} in row-major order, or null if none do. */
    private static int[] stridesThatReadInOrder(int[] positions, int[] target) {
        int[] strides = new int[target.length];
        int step = 1;
        for (int axis = target.length - 1; axis >= 0; axis--) {
            strides[axis] = target[axis] > 1 ? positions[step] - positions[0] : 0;
            step *= target[axis];
        }
        int[] index = new int[target.length];
        for (int position : positions) {
            int expected = positions[0];
            for (int axis = 0; axis < target.length; axis++) {
                expected += index[axis] * strides[axis];
            }
            if (expected != position) {
                return null;
            }
            Naive.next(index, target);
        }
        return strides;
    }

    @Test
    void unsqueezeThenSqueezeIsTheIdentity() {
        forAll(Generators::strided, s -> {
            Layout layout = s.layout();
            for (int axis = -layout.rank() - 1; axis <= layout.rank(); axis++) {
                assertEquals(layout, layout.unsqueeze(axis).squeeze(axis), "axis " + axis);
            }
        });
    }

    // Squeezing a size-1 axis and putting it back gives the same shape and positions (its stride is irrelevant).
    @Test
    void squeezeThenUnsqueezeReadsTheSamePositions() {
        forAll(rng -> Generators.strided(rng, Generators.squashed(rng, Generators.shape(rng))), s -> {
            Layout layout = s.layout();
            for (int axis = 0; axis < layout.rank(); axis++) {
                if (layout.shape().size(axis) == 1) {
                    Layout back = layout.squeeze(axis).unsqueeze(axis);
                    assertEquals(layout.shape(), back.shape());
                    assertArrayEquals(positions(layout), positions(back));
                }
            }
        });
    }

    // Axis -1 is the last axis, as in PyTorch, for every op that takes an axis.
    @Test
    void negativeAxesCountFromTheEnd() {
        forAll(LayoutPropertiesTest::pick, p -> {
            Layout layout = p.strided().layout();
            int axis = p.axis();
            int negative = axis - layout.rank();
            assertEquals(layout.shape().size(axis), layout.shape().size(negative));
            assertEquals(layout.stride(axis), layout.stride(negative));
            assertEquals(layout.narrow(axis, p.index(), p.length()), layout.narrow(negative, p.index(), p.length()));
            assertEquals(layout.select(axis, p.index()), layout.select(negative, p.index()));
            assertEquals(layout.transpose(axis, 0), layout.transpose(negative, -layout.rank()));
            assertEquals(layout.unsqueeze(layout.rank()), layout.unsqueeze(-1));
        });
    }

    @Test
    void negativeSizesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1, 3));
        assertEquals("shape [2, -1, 3]: size -1 along axis 1 is negative", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-4));
        assertThrows(IndexOutOfBoundsException.class, () -> Layout.contiguous(Shape.of(5)).narrow(0, 1, -1));
    }

    // A bad index must say which axis and what its size is, not just "index 3".
    @Test
    void anOutOfRangeIndexNamesTheAxisAndTheSize() {
        Layout layout = Layout.contiguous(Shape.of(2, 3));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> layout.position(1, 3));
        assertEquals("index 3 is out of range for axis 1 of size 3 in shape [2, 3]", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> layout.select(0, -1));
        assertEquals("index -1 is out of range for axis 0 of size 2 in shape [2, 3]", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> layout.narrow(-1, 2, 2));
        assertEquals("narrow: range [2, 4) is out of range for axis 1 of size 3 in shape [2, 3]", e.getMessage());
        e = assertThrows(IndexOutOfBoundsException.class, () -> layout.stride(2));
        assertEquals("axis 2 is out of range for shape [2, 3] of rank 2", e.getMessage());
    }

    // Empty shapes (a size of 0) have no positions at all: nothing to read, always contiguous, any view allowed.
    @Test
    void anEmptyLayoutIsContiguousAndReachesNoStorage() {
        for (int[] sizes : new int[][] {{0}, {2, 0, 3}, {0, 4}}) {
            Layout layout = Layout.contiguous(Shape.of(sizes));
            assertTrue(layout.isContiguous(), Arrays.toString(sizes));
            assertEquals(0, layout.extent());
            assertNotNull(layout.view(Shape.of(0, 7)));
        }
        assertEquals(0, Layout.contiguous(Shape.of(3, 4)).narrow(1, 4, 0).extent());
    }
}
