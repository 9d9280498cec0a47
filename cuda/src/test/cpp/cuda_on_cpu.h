// Just enough of CUDA's execution model to run jgrad's .cu kernels, unchanged, on a CPU: for tests on machines
// without a GPU. The grid runs one block at a time; each thread of the block is a fiber with its own
// stack, switched only at __syncthreads and warp shuffles, which are real barriers here. So the emulation checks
// what matters for correctness: index arithmetic, bounds guards, tiling, barriers placed where every thread
// reaches them (else it reports a deadlock), and float4 alignment. It says nothing about speed or about the
// GPU's float rounding (expf and friends come from the C library here).
#pragma once

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

struct uint3 { unsigned int x, y, z; };
struct dim3 { unsigned int x = 1, y = 1, z = 1; };
struct alignas(16) float4 { float x, y, z, w; };
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }
inline float __int_as_float(int bits) { float f; memcpy(&f, &bits, 4); return f; }
// Never contracted into a fused multiply-add on the GPU; here the server is built with -ffp-contract=off anyway.
inline float __fmul_rn(float a, float b) { return a * b; }

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static  // one block runs at a time, so a static is exactly one block's shared memory
#define __align__(n) __attribute__((aligned(n)))
#define __launch_bounds__(...)

// The first problem a launch ran into (misaligned float4, deadlock); reported to the caller after the launch.
inline std::string g_error;
inline void report(const std::string& message) { if (g_error.empty()) g_error = message; }

#define JG_CHECK_ALIGNED(pointer) \
    do { if (reinterpret_cast<uintptr_t>(pointer) % 16 != 0) report("misaligned float4 access in " + std::string(__func__)); } while (0)

inline uint3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;

namespace emu {

// NOTE: a fiber switch is a handful of register moves (switch_stack below), not swapcontext: glibc's swapcontext
// makes a sigprocmask system call and AddressSanitizer's wrapper clears the target stack's shadow on each call,
// which made one SGEMM launch take a second. AddressSanitizer is told about each switch instead (annotations).
extern "C" void emu_switch_stack(void** save_sp, void* load_sp);
asm(R"(
    .text
    .globl emu_switch_stack
    .type emu_switch_stack, @function
emu_switch_stack:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size emu_switch_stack, .-emu_switch_stack
)");

#if defined(__SANITIZE_ADDRESS__)
extern "C" void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, size_t size);
extern "C" void __sanitizer_finish_switch_fiber(void* fake_stack_save, const void** bottom_old, size_t* size_old);
#else
inline void __sanitizer_start_switch_fiber(void**, const void*, size_t) {}
inline void __sanitizer_finish_switch_fiber(void*, const void**, size_t*) {}
#endif

constexpr size_t STACK_BYTES = 64 * 1024;

struct Fiber {
    void* sp = nullptr;
    std::vector<char> stack = std::vector<char>(STACK_BYTES);
    uint3 index;
    bool done = false;
};

struct Barrier {
    int arrived = 0;
    long generation = 0;
};

inline void* scheduler_sp;
inline const void* scheduler_stack_bottom;
inline size_t scheduler_stack_size;
inline std::vector<Fiber> fibers;
inline Fiber* current = nullptr;
inline std::function<void()> body;
inline Barrier block_barrier;
inline std::vector<Barrier> warp_barriers;
inline std::vector<std::vector<float>> warp_slots;
inline long events = 0;
// NOTE: threads resume in a freshly shuffled order every round (seeded, so runs repeat), so a kernel that relies
// on one warp running before another, instead of on a barrier, shows up as wrong results here too.
inline std::mt19937 schedule(12345);  // arrivals and finishes: a round without any means every live thread is stuck

// From a fiber back to the scheduler; returns when the scheduler resumes this fiber.
inline void yield() {
    __sanitizer_start_switch_fiber(nullptr, scheduler_stack_bottom, scheduler_stack_size);
    emu_switch_stack(&current->sp, scheduler_sp);
    __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
}

inline void wait(Barrier& barrier, int count) {
    long generation = barrier.generation;
    ++events;
    if (++barrier.arrived == count) {
        barrier.arrived = 0;
        ++barrier.generation;
        return;
    }
    while (barrier.generation == generation) yield();
}

inline int linear_thread() { return threadIdx.x + threadIdx.y * blockDim.x + threadIdx.z * blockDim.x * blockDim.y; }

// Where a new fiber starts: its first switch "returns" here. It never returns itself.
inline void fiber_entry() {
    __sanitizer_finish_switch_fiber(nullptr, &scheduler_stack_bottom, &scheduler_stack_size);
    body();
    current->done = true;
    ++events;
    for (;;) yield();
}

// A fresh stack whose saved registers are zeros and whose return address is fiber_entry.
inline void prepare(Fiber& f) {
    uintptr_t top = (reinterpret_cast<uintptr_t>(f.stack.data()) + f.stack.size()) & ~uintptr_t(15);
    void** sp = reinterpret_cast<void**>(top);
    *--sp = nullptr;                                      // fiber_entry's own return address: never used
    *--sp = reinterpret_cast<void*>(&fiber_entry);        // where emu_switch_stack's ret goes
    for (int i = 0; i < 6; ++i) *--sp = nullptr;          // rbp rbx r12 r13 r14 r15
    f.sp = sp;
    f.done = false;
}

inline void resume(Fiber& f) {
    current = &f;
    threadIdx = f.index;
    __sanitizer_start_switch_fiber(nullptr, f.stack.data(), f.stack.size());
    emu_switch_stack(&scheduler_sp, f.sp);
    __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
}

// Runs kernel() for every thread of every block of the grid.
inline void launch(dim3 grid, dim3 block, std::function<void()> kernel) {
    gridDim = grid;
    blockDim = block;
    body = std::move(kernel);
    int threads = block.x * block.y * block.z;
    if (threads % 32 != 0) throw std::runtime_error("emulator: blocks must hold whole warps");
    fibers.resize(threads);
    std::vector<int> order(threads);
    std::iota(order.begin(), order.end(), 0);
    warp_slots.assign(threads / 32, std::vector<float>(32));
    for (unsigned bz = 0; bz < grid.z; ++bz)
        for (unsigned by = 0; by < grid.y; ++by)
            for (unsigned bx = 0; bx < grid.x; ++bx) {
                blockIdx = uint3{bx, by, bz};
                block_barrier = Barrier{};
                warp_barriers.assign(threads / 32, Barrier{});
                for (int t = 0; t < threads; ++t) {
                    fibers[t].index = uint3{t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
                    prepare(fibers[t]);
                }
                for (bool all_done = false; !all_done;) {
                    long before = events;
                    all_done = true;
                    std::shuffle(order.begin(), order.end(), schedule);
                    for (int t : order) {
                        Fiber& f = fibers[t];
                        if (f.done) continue;
                        resume(f);
                        all_done = all_done && f.done;
                    }
                    if (!all_done && events == before) {
                        report("deadlock: some threads wait at a barrier or shuffle that others never reach");
                        return;  // the stuck fibers are abandoned; the next launch prepares fresh stacks
                    }
                }
            }
}

}  // namespace emu

inline void __syncthreads() { emu::wait(emu::block_barrier, blockDim.x * blockDim.y * blockDim.z); }

inline float __shfl_down_sync(unsigned mask, float value, int delta) {
    if (mask != 0xffffffffu) report("emulator: only full-warp shuffles are supported");
    int warp = emu::linear_thread() / 32;
    int lane = emu::linear_thread() % 32;
    std::vector<float>& slots = emu::warp_slots[warp];
    slots[lane] = value;
    emu::wait(emu::warp_barriers[warp], 32);
    float result = lane + delta < 32 ? slots[lane + delta] : value;
    emu::wait(emu::warp_barriers[warp], 32);  // nobody overwrites a slot before everyone has read
    return result;
}
