// A stand-in for the CUDA driver that runs jgrad's kernels on the CPU (see cuda_on_cpu.h), driven over
// stdin/stdout by the tests' EmulatedDevice. "Device memory" is host memory; addresses are host pointers.
//
// Requests are a one-byte command followed by little-endian fields; every reply starts with a status byte
// (0 = ok, 1 = error followed by a u32 length and a message).
//   1 ALLOCATE  u64 bytes                        -> u64 address
//   2 FREE      u64 address
//   3 FILL32    u64 address, u32 bits, u64 count
//   4 TO_DEVICE u64 address, u64 bytes, data
//   5 TO_HOST   u64 address, u64 bytes           -> data
//   6 COPY      u64 from, u64 to, u64 bytes
//   7 LAUNCH    u16 name length, name, i32 grid x y z, block x y, u16 count, then per argument u32 size, bytes
// Every memory command is checked against the live allocations, so a host-side address or length bug is an error
// here instead of silent corruption; out-of-bounds accesses inside kernels are AddressSanitizer's to catch.
#include "cuda_on_cpu.h"

#include "../../main/cuda/adam.cu"
#include "../../main/cuda/elementwise.cu"
#include "../../main/cuda/reduce.cu"
#include "../../main/cuda/sgemm.cu"

#include <stdio.h>
#include <stdlib.h>

#include <map>
#include <tuple>
#include <utility>

using Args = std::vector<std::string>;
using Invoker = std::function<void(dim3, dim3, const Args&)>;

template <typename T>
T take(const Args& args, size_t i) {
    if (args[i].size() != sizeof(T)) {
        throw std::runtime_error("argument " + std::to_string(i) + " has " + std::to_string(args[i].size()) +
                                 " bytes, the kernel's parameter " + std::to_string(sizeof(T)));
    }
    T value;
    memcpy(&value, args[i].data(), sizeof(T));
    return value;
}

template <typename... P, size_t... I>
std::tuple<P...> decode(const Args& args, std::index_sequence<I...>) {
    return std::tuple<P...>(take<P>(args, I)...);
}

// Wraps a kernel so it can be called with arguments as raw bytes, checking count and sizes like cuLaunchKernel.
template <typename... P>
Invoker invoker(void (*kernel)(P...)) {
    return [kernel](dim3 grid, dim3 block, const Args& args) {
        if (args.size() != sizeof...(P)) {
            throw std::runtime_error("expected " + std::to_string(sizeof...(P)) + " arguments, got " +
                                     std::to_string(args.size()));
        }
        std::tuple<P...> values = decode<P...>(args, std::index_sequence_for<P...>{});
        emu::launch(grid, block, [&] { std::apply(kernel, values); });
    };
}

#define KERNEL(name) {#name, invoker(&name)}
static const std::map<std::string, Invoker> kernels = {
    KERNEL(fill_strided), KERNEL(unary_dense), KERNEL(unary_strided), KERNEL(binary_dense),
    KERNEL(binary_strided), KERNEL(reduce_strided), KERNEL(reduce_rows_warp), KERNEL(reduce_rows_block),
    KERNEL(argmax_strided), KERNEL(sgemm_rr), KERNEL(sgemm_rc), KERNEL(sgemm_cr), KERNEL(sgemm_cc),
    KERNEL(sgemm_strided), KERNEL(adam_step),
};

static std::map<uint64_t, uint64_t> allocations;  // address -> bytes

static void read_exact(void* into, size_t bytes) {
    if (bytes > 0 && fread(into, 1, bytes, stdin) != bytes) exit(0);  // the JVM went away
}
template <typename T>
static T read() {
    T value;
    read_exact(&value, sizeof(T));
    return value;
}
static void write_exact(const void* from, size_t bytes) { fwrite(from, 1, bytes, stdout); }

static void check_range(uint64_t address, uint64_t bytes) {
    auto it = allocations.upper_bound(address);
    if (it == allocations.begin() || address + bytes > std::prev(it)->first + std::prev(it)->second) {
        throw std::runtime_error("range [" + std::to_string(address) + ", +" + std::to_string(bytes) +
                                 ") is outside every live allocation");
    }
}

static void serve_one(uint8_t command) {
    switch (command) {
        case 1: {
            uint64_t bytes = read<uint64_t>();
            void* p = nullptr;
            if (bytes == 0 || posix_memalign(&p, 256, bytes) != 0) throw std::runtime_error("allocation failed");
            memset(p, 0xff, bytes);  // like cuMemAlloc, contents are undefined: NaN garbage, not zeros
            allocations[(uint64_t)p] = bytes;
            uint8_t ok = 0;
            write_exact(&ok, 1);
            uint64_t address = (uint64_t)p;
            write_exact(&address, 8);
            return;
        }
        case 2: {
            uint64_t address = read<uint64_t>();
            if (allocations.erase(address) != 1) throw std::runtime_error("free of an address never allocated");
            free((void*)address);
            break;
        }
        case 3: {
            uint64_t address = read<uint64_t>();
            uint32_t bits = read<uint32_t>();
            uint64_t count = read<uint64_t>();
            check_range(address, 4 * count);
            for (uint64_t i = 0; i < count; ++i) memcpy((char*)address + 4 * i, &bits, 4);
            break;
        }
        case 4: {
            uint64_t address = read<uint64_t>();
            uint64_t bytes = read<uint64_t>();
            std::string data(bytes, '\0');
            read_exact(data.data(), bytes);
            check_range(address, bytes);
            memcpy((void*)address, data.data(), bytes);
            break;
        }
        case 5: {
            uint64_t address = read<uint64_t>();
            uint64_t bytes = read<uint64_t>();
            check_range(address, bytes);
            uint8_t ok = 0;
            write_exact(&ok, 1);
            write_exact((void*)address, bytes);
            return;
        }
        case 6: {
            uint64_t from = read<uint64_t>();
            uint64_t to = read<uint64_t>();
            uint64_t bytes = read<uint64_t>();
            check_range(from, bytes);
            check_range(to, bytes);
            memmove((void*)to, (void*)from, bytes);
            break;
        }
        case 7: {
            std::string name(read<uint16_t>(), '\0');
            read_exact(name.data(), name.size());
            dim3 grid, block;
            grid.x = read<int32_t>();
            grid.y = read<int32_t>();
            grid.z = read<int32_t>();
            block.x = read<int32_t>();
            block.y = read<int32_t>();
            Args args(read<uint16_t>());
            for (std::string& arg : args) {
                arg.resize(read<uint32_t>());
                read_exact(arg.data(), arg.size());
            }
            auto kernel = kernels.find(name);
            if (kernel == kernels.end()) throw std::runtime_error("no kernel named " + name);
            if (grid.x == 0 || grid.y == 0 || grid.z == 0 || block.x * block.y > 1024) {
                throw std::runtime_error("invalid launch configuration for " + name);
            }
            g_error.clear();
            kernel->second(grid, block, args);
            if (!g_error.empty()) throw std::runtime_error(name + ": " + g_error);
            break;
        }
        default:
            throw std::runtime_error("unknown command " + std::to_string(command));
    }
    uint8_t ok = 0;
    write_exact(&ok, 1);
}

int main() {
    for (;;) {
        uint8_t command = read<uint8_t>();
        try {
            serve_one(command);
        } catch (const std::exception& e) {
            uint8_t error = 1;
            uint32_t length = (uint32_t)strlen(e.what());
            write_exact(&error, 1);
            write_exact(&length, 4);
            write_exact(e.what(), length);
        }
        fflush(stdout);
    }
}
