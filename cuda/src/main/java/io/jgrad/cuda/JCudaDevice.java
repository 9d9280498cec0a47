package io.jgrad.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The GPU through JCuda's binding of the CUDA driver API (libcuda.so.1); never the runtime API or NVRTC, which
 * would tie jgrad to one CUDA toolkit's libraries. Opens device 0 (pick another with {@code CUDA_VISIBLE_DEVICES}),
 * retains its primary context, and loads the committed PTX modules once with {@code cuModuleLoadData}.
 *
 * <p>Invariants: every call first makes the context current on the calling thread (the Cleaner frees from its
 * own thread); JCuda runs with exceptions enabled, so a failed call throws {@link CudaException} naming its
 * CUresult; all work goes to the context's default stream, so it runs in issue order and the copies to the
 * host wait for it.
 */
final class JCudaDevice implements Device {
    /** CUDA 13.0 as cuDriverGetVersion reports it: the first driver that reads PTX ISA 9.0. */
    static final int MIN_DRIVER_VERSION = 13000;

    private static JCudaDevice opened;
    private static CudaUnavailableException failure;

    private final CUcontext context;
    private final Map<Kernel, CUfunction> functions;
    private final String description;

    private JCudaDevice(CUcontext context, Map<Kernel, CUfunction> functions, String description) {
        this.context = context;
        this.functions = functions;
        this.description = description;
    }

    /**
     * The process's device, opened on the first call. A failure is remembered: every later call throws the same
     * one-line diagnosis (JCuda cannot retry loading its native library anyway).
     */
    static synchronized JCudaDevice open() {
        if (opened == null && failure == null) {
            try {
                opened = openDevice();
            } catch (CudaUnavailableException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new CudaUnavailableException(failure.getMessage(), failure);
        }
        return opened;
    }

    private static JCudaDevice openDevice() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
        } catch (LinkageError e) {
            // NOTE: UnsatisfiedLinkError on the first try; NoClassDefFoundError if JCudaDriver failed before.
            throw CudaUnavailableException.nativeLibrary(e.getCause() != null ? e.getCause() : e);
        }
        call("cuInit", () -> cuInit(0));
        int[] version = new int[1];
        call("cuDriverGetVersion", () -> cuDriverGetVersion(version));
        if (version[0] < MIN_DRIVER_VERSION) {
            throw CudaUnavailableException.driverTooOld(version[0]);
        }
        CUdevice device = new CUdevice();
        call("cuDeviceGet", () -> cuDeviceGet(device, 0));
        byte[] nameBytes = new byte[256];
        call("cuDeviceGetName", () -> cuDeviceGetName(nameBytes, nameBytes.length, device));
        String name = new String(nameBytes, StandardCharsets.US_ASCII).trim().replace("\0", "");
        int[] major = new int[1];
        int[] minor = new int[1];
        call("cuDeviceGetAttribute", () -> cuDeviceGetAttribute(major,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device));
        call("cuDeviceGetAttribute", () -> cuDeviceGetAttribute(minor,
                CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device));
        if (major[0] * 10 + minor[0] < 75) {
            throw CudaUnavailableException.gpuTooOld(name, major[0], minor[0]);
        }
        CUcontext context = new CUcontext();
        call("cuDevicePrimaryCtxRetain", () -> cuDevicePrimaryCtxRetain(context, device));
        call("cuCtxSetCurrent", () -> cuCtxSetCurrent(context));
        Map<String, CUmodule> modules = new HashMap<>();
        Map<Kernel, CUfunction> functions = new EnumMap<>(Kernel.class);
        for (Kernel kernel : Kernel.values()) {
            CUmodule module = modules.computeIfAbsent(kernel.module, JCudaDevice::loadModule);
            CUfunction function = new CUfunction();
            call("cuModuleGetFunction(" + kernel.entry + ")", () -> cuModuleGetFunction(function, module, kernel.entry));
            functions.put(kernel, function);
        }
        String description = name + ", compute capability " + major[0] + "." + minor[0] + ", driver "
                + version[0] / 1000 + "." + version[0] % 1000 / 10;
        return new JCudaDevice(context, functions, description);
    }

    private static CUmodule loadModule(String module) {
        byte[] image = ptxImage(module);
        CUmodule loaded = new CUmodule();
        try {
            cuModuleLoadData(loaded, image);
        } catch (CudaException e) {
            throw CudaUnavailableException.ptxRejected(module, e.getMessage(), e);
        }
        return loaded;
    }

    /** The PTX text of a module as cuModuleLoadData wants it: NUL-terminated bytes. */
    static byte[] ptxImage(String module) {
        byte[] text = Kernel.ptx(module);
        byte[] image = new byte[text.length + 1];
        System.arraycopy(text, 0, image, 0, text.length);
        return image;
    }

    private static void call(String name, Runnable driverCall) {
        try {
            driverCall.run();
        } catch (CudaException e) {
            throw CudaUnavailableException.driverCall(name, String.valueOf(e.getMessage()), e);
        }
    }

    private void bind() {
        cuCtxSetCurrent(context);
    }

    private static CUdeviceptr pointer(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public long allocate(long bytes) {
        bind();
        Allocated pointer = new Allocated();
        cuMemAlloc(pointer, bytes);
        return pointer.address();
    }

    @Override
    public void free(long address) {
        bind();
        cuMemFree(pointer(address));
    }

    @Override
    public void fill32(long address, int bits, long count) {
        bind();
        cuMemsetD32(pointer(address), bits, count);
    }

    @Override
    public void copyToDevice(float[] values, long address) {
        bind();
        cuMemcpyHtoD(pointer(address), Pointer.to(values), 4L * values.length);
    }

    @Override
    public void copyToHost(long address, float[] values) {
        bind();
        cuMemcpyDtoH(Pointer.to(values), pointer(address), 4L * values.length);
    }

    @Override
    public void copyOnDevice(long from, long to, long bytes) {
        bind();
        cuMemcpyDtoD(pointer(to), pointer(from), bytes);
    }

    @Override
    public void launch(Kernel kernel, Grid grid, KernelArgs args) {
        Pointer[] params = args.list().stream().map(JCudaDevice::parameter).toArray(Pointer[]::new);
        bind();
        cuLaunchKernel(functions.get(kernel), grid.x(), grid.y(), grid.z(), grid.blockX(), grid.blockY(), 1,
                0, null, Pointer.to(params), null);
    }

    /** A pointer to one parameter's bytes; a device address travels as its 8-byte value. */
    private static Pointer parameter(KernelArgs.Arg arg) {
        if (arg instanceof KernelArgs.Address a) {
            return Pointer.to(new long[] {a.value()});
        } else if (arg instanceof KernelArgs.Int32 i) {
            return Pointer.to(new int[] {i.value()});
        } else if (arg instanceof KernelArgs.Float32 f) {
            return Pointer.to(new float[] {f.value()});
        }
        return Pointer.to(((KernelArgs.Struct) arg).fields());
    }

    @Override
    public void synchronize() {
        bind();
        cuCtxSynchronize();
    }

    /** A CUdeviceptr that cuMemAlloc fills in and that can tell its address (JCuda keeps it protected). */
    private static final class Allocated extends CUdeviceptr {
        long address() {
            return getNativePointer() + getByteOffset();
        }
    }
}
