package dev.genlab.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules that keep the tree's floors as the README's layout describes them. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.genlab");
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("dev.genlab.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void familiesDoNotImportEachOther() {
        slices().matching("dev.genlab.model.(*)..").should().notDependOnEachOther().check(classes);
    }

    @Test
    void samplingAndLayersKnowNoModel() {
        noClasses().that().resideInAnyPackage("dev.genlab.sampling..", "dev.genlab.nn..").should()
                .dependOnClassesThat().resideInAnyPackage("dev.genlab.model..").check(classes);
    }

    @Test
    void theLowerFloorsImportOnlyWhatIsBelowThem() {
        onlyImports("dev.genlab.core..", "dev.genlab.core..");
        onlyImports("dev.genlab.data..", "dev.genlab.core..", "dev.genlab.data..");
        onlyImports("dev.genlab.checkpoint..", "dev.genlab.core..", "dev.genlab.data..", "dev.genlab.checkpoint..");
        onlyImports("dev.genlab.modelstore..", "dev.genlab.core..", "dev.genlab.modelstore..");
        onlyImports("dev.genlab.nn..", "dev.genlab.core..", "dev.genlab.data..", "dev.genlab.nn..");
        onlyImports("dev.genlab.sampling..", "dev.genlab.core..", "dev.genlab.sampling..");
        onlyImports("dev.genlab.text..", "dev.genlab.core..", "dev.genlab.text..");
        onlyImports("dev.genlab.train", "dev.genlab.core..", "dev.genlab.data..", "dev.genlab.modelstore..",
                "dev.genlab.nn..", "dev.genlab.train..");
        onlyImports("dev.genlab.train.augment..", "dev.genlab.core..", "dev.genlab.data..", "dev.genlab.nn..",
                "dev.genlab.train.augment..");
        // the shared train options also parse the diffusion families' noise schedule and prediction type
        onlyImports("dev.genlab.train.options..", "dev.genlab.core..", "dev.genlab.sampling..", "dev.genlab.train..");
    }

    @Test
    void theCommandLineNamesNoFamily() {
        // families add their own generate flags (ModelFamily.generateOptions) and train subcommands
        // (ModelFamily.trainCommands); the catalogue is the one place that lists them
        noClasses().that().resideInAPackage("dev.genlab.cli..").should()
                .dependOnClassesThat().resideInAnyPackage("dev.genlab.model.*..").check(classes);
    }

    @Test
    void onlyTheCatalogueNamesTheFamilies() {
        // a family is added in its package and one line of Catalog; the doctor's repeat check trains a tiny VAE
        // on purpose (the smallest model whose training exercises convolutions forward and backward)
        noClasses().that().resideOutsideOfPackages("dev.genlab.model.*..", "dev.genlab.catalog..",
                "dev.genlab.doctor..").should().dependOnClassesThat().resideInAnyPackage("dev.genlab.model.*..")
                .check(classes);
    }

    @Test
    void nothingImportsTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("dev.genlab.cli..").should().dependOnClassesThat()
                .resideInAPackage("dev.genlab.cli..").check(classes);
    }

    /** Classes of {@code floor} depend on genlab only through the {@code allowed} packages. */
    private static void onlyImports(String floor, String... allowed) {
        noClasses().that().resideInAPackage(floor).should().dependOnClassesThat(
                JavaClass.Predicates.resideInAPackage("dev.genlab..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(allowed))))
                .check(classes);
    }

    @Test
    void onlyTheServeCommandImportsTheServer() {
        noClasses().that().resideOutsideOfPackages("dev.genlab.server..", "dev.genlab.cli..").should()
                .dependOnClassesThat().resideInAPackage("dev.genlab.server..").check(classes);
    }

    @Test
    void theRunDatabaseSitsBelowTheCommandLineAndTheServer() {
        // it stores generation records and bench results; it knows no family, no command, no server
        onlyImports("dev.genlab.runs..", "dev.genlab.core..", "dev.genlab.modelstore..", "dev.genlab.model",
                "dev.genlab.data..", "dev.genlab.sampling..", "dev.genlab.bench..", "dev.genlab.runs..");
    }

    @Test
    void benchAndReportNameNoFamily() {
        noClasses().that().resideInAnyPackage("dev.genlab.bench..", "dev.genlab.report..").should()
                .dependOnClassesThat().resideInAnyPackage("dev.genlab.model.*..").check(classes);
    }
}
