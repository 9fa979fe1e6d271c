package dev.genlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.genlab.runs.SampleBenchRuns;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in Debian's Chromium, driven through chromedriver as a user would: generate from the form and
 * watch the progress and the images, open the gallery and an image's parameters, reuse a seed, compare steps
 * side by side, read the bench dashboard. Screenshots go to target/ui/ for a person to look at.
 */
class WebUiTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "ui");

    @TempDir
    static Path tmp;
    static ServerFixture s;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        s = new ServerFixture(tmp);
        Path reportDir = tmp.resolve("runs/bench-1");
        Files.createDirectories(reportDir);
        Files.writeString(reportDir.resolve("report.html"), "<!doctype html><title>report</title><h1>bench report</h1>");
        s.db.addBenchRun(SampleBenchRuns.results("2026-12-01T10:00:00Z", "dcgan", "vae"), reportDir);
        s.db.addBenchRun(SampleBenchRuns.results("2026-12-02T10:00:00Z", "dcgan", "vae", "pixelcnn"), reportDir);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1300,1000", "--user-data-dir=" + tmp.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(
                CHROMEDRIVER.toString())).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (s != null) {
            s.close();
        }
    }

    static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(90));
    }

    static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    static WebElement id(String id) {
        return browser.findElement(By.id(id));
    }

    static void type(String id, String text) {
        WebElement e = id(id);
        e.clear();
        e.sendKeys(text);
    }

    @Test
    void generateShowsProgressAndImagesThenTheGalleryHasTheirParameters() throws Exception {
        browser.get(s.uri("/").toString());
        waiting().until(d -> new Select(id("g-model")).getOptions().size() > 3);
        new Select(id("g-model")).selectByValue("ldm");
        type("g-prompt", "<img src=x onerror=alert(1)> a pair of sneakers");
        type("g-seed", "5");
        type("g-n", "3");
        type("g-steps", "6");
        id("g-submit").click();
        waiting().until(d -> id("g-status").getText().startsWith("done"));
        assertThat(id("g-status").getText()).contains("3 image(s)");
        assertThat(id("g-progress").getDomProperty("value")).isEqualTo("1");
        List<WebElement> thumbs = id("g-results").findElements(By.cssSelector(".thumb img"));
        assertThat(thumbs).hasSize(3);
        assertThat(id("g-preview").getDomAttribute("src")).startsWith("/genlab/v1/images/");
        waiting().until(d -> thumbs.stream().allMatch(t -> ((Number) ((ChromeDriver) d).executeScript(
                "return arguments[0].naturalWidth", t)).intValue() > 0));
        shot("generate");

        browser.findElement(By.cssSelector("#tabs button[data-tab=gallery]")).click();
        waiting().until(d -> id("gal-grid").findElements(By.cssSelector(".thumb")).size() >= 3);
        id("gal-grid").findElements(By.cssSelector(".thumb")).get(0).click();
        waiting().until(d -> id("gal-parameters").getText().contains("Seed: 7"));
        // the prompt is shown as text: no element was made from it
        assertThat(id("gal-parameters").getText()).startsWith("<img src=x onerror=alert(1)> a pair of sneakers");
        assertThat(id("gal-detail").findElements(By.cssSelector("pre img"))).isEmpty();
        shot("gallery");
        id("gal-reuse").click();
        waiting().until(d -> id("generate").getDomAttribute("class").contains("active"));
        assertThat(id("g-seed").getDomProperty("value")).isEqualTo("7");
        assertThat(id("g-steps").getDomProperty("value")).isEqualTo("6");
        assertThat(id("g-prompt").getDomProperty("value")).contains("a pair of sneakers");
    }

    @Test
    void evaluateScoresTheChosenModelAndSaysTheFigures() throws Exception {
        browser.get(s.uri("/#generate").toString());
        waiting().until(d -> new Select(id("g-model")).getOptions().size() > 3);
        new Select(id("g-model")).selectByValue("dcgan");
        type("g-seed", "4");
        id("g-eval").click();
        waiting().until(d -> id("g-eval-result").getText().startsWith("200 samples"));
        assertThat(id("g-eval-result").getText()).contains("seed 4").contains("FD-FMNIST").contains("real vs real")
                .contains("precision");
        new Select(id("g-model")).selectByValue("mandelbrot");
        id("g-eval").click();
        waiting().until(d -> id("g-eval-result").getDomAttribute("class").contains("error"));
        assertThat(id("g-eval-result").getText()).contains("mandelbrot");
    }

    @Test
    void compareShowsTheSameSeedAtSeveralStepCounts() throws Exception {
        browser.get(s.uri("/").toString());
        waiting().until(d -> new Select(id("g-model")).getOptions().size() > 3);
        browser.findElement(By.cssSelector("#tabs button[data-tab=compare]")).click();
        new Select(id("c-axis")).selectByValue("steps");
        new Select(id("c-model")).selectByValue("ldm");
        type("c-steps", "2, 8");
        type("c-seed", "11");
        type("c-n", "2");
        id("c-submit").click();
        waiting().until(d -> id("c-grid").findElements(By.cssSelector(".compare-col img")).size() == 4);
        List<WebElement> columns = id("c-grid").findElements(By.cssSelector(".compare-col"));
        assertThat(columns).extracting(c -> c.findElement(By.tagName("h3")).getText()).containsExactly("2 steps",
                "8 steps");
        shot("compare");
    }

    @Test
    void theBenchDashboardListsRunsChartsRowsAndHistory() throws Exception {
        browser.get(s.uri("/").toString());
        browser.findElement(By.cssSelector("#tabs button[data-tab=bench]")).click();
        waiting().until(d -> id("b-runs").findElements(By.cssSelector("tbody tr")).size() == 2);
        waiting().until(d -> id("b-chart").findElements(By.cssSelector("rect.bar")).size() == 3);
        assertThat(id("b-rows").findElements(By.cssSelector("tbody tr"))).hasSize(4); // three rows and a failure
        assertThat(id("b-rows").getText()).contains("failed: its weights hold NaN");
        assertThat(new Select(id("b-history-row")).getOptions()).extracting(WebElement::getText)
                .contains("dcgan", "vae", "pixelcnn");
        new Select(id("b-history-row")).selectByVisibleText("dcgan");
        waiting().until(d -> id("b-history").findElements(By.cssSelector("circle.dot")).size() == 2);
        String report = id("b-runs").findElement(By.linkText("report")).getDomAttribute("href");
        shot("bench");
        browser.get(s.uri(report).toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("bench report");
    }
}
