package io.jgrad.examples.vae;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.jgrad.core.Backend;
import io.jgrad.core.Tensor;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The layering of the whole project, checked on its compiled classes. It lives in the VAE example because that is the
 * highest module with tests, the one whose class path holds core, autograd, cuda and itself.
 *
 * <ul>
 *   <li>No cycle between packages: each package can be read after the ones it imports.</li>
 *   <li>Modules depend one way: autograd -> core, cuda -> core, examples -> autograd, cuda.</li>
 *   <li>Nothing that {@link Tensor} calls calls back into it, except the {@link Backend} seam that Tensor is written
 *       against: a helper cut out of Tensor would (the old Reducing, Joining, MatmulShapes and TensorFormat did).</li>
 * </ul>
 */
class ArchitectureTest {
    /** The main classes of every module: test classes, in directories or in test-jars, are left out. */
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .importPackages("io.jgrad");

    @Test
    void theClassesOfEveryModuleAreImported() {
        for (String module : List.of("io.jgrad.core", "io.jgrad.autograd", "io.jgrad.cuda", "io.jgrad.examples.vae")) {
            assertTrue(CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith(module)), module + " is missing");
        }
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.jgrad.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void modulesDependOneWay() {
        noClasses().that().resideInAPackage("io.jgrad.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jgrad.autograd..", "io.jgrad.cuda..",
                        "io.jgrad.examples..", "io.jgrad.benchmarks..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.jgrad.autograd..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jgrad.cuda..", "io.jgrad.examples..",
                        "io.jgrad.benchmarks..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.jgrad.cuda..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jgrad.autograd..", "io.jgrad.examples..",
                        "io.jgrad.benchmarks..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("io.jgrad.examples..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jgrad.benchmarks..")
                .check(CLASSES);
    }

    @Test
    void nothingTensorCallsCallsBackIntoTensorButTheBackendSeam() {
        JavaClass tensor = CLASSES.get(Tensor.class);
        TreeSet<String> callingBack = new TreeSet<>();
        for (Dependency d : tensor.getDirectDependenciesFromSelf()) {
            JavaClass helper = d.getTargetClass();
            if (helper.equals(tensor) || helper.isEquivalentTo(Backend.class)
                    || !helper.getPackageName().startsWith("io.jgrad")) {
                continue;
            }
            if (helper.getDirectDependenciesFromSelf().stream().anyMatch(back -> back.getTargetClass().equals(tensor))) {
                callingBack.add(helper.getName());
            }
        }
        assertEquals(new TreeSet<String>(), callingBack, "classes Tensor calls that call Tensor back");
    }
}
