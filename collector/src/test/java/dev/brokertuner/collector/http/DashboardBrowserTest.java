package dev.brokertuner.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.MutableClock;
import dev.brokertuner.collector.Reports;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver} packages) driven
 * by Selenium, over a store seeded through the real ingest API: sign-in, the fleet, a cluster with its outlier
 * highlighted, its throughput chart drawn by the WebJar's Chart.js, and a host with its apply lines. Screenshots
 * land in {@code collector/target/screenshots/}.
 */
class DashboardBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "screenshots");

    static WebDriver chromium(Path profile) {
        assertThat(Files.isExecutable(CHROMIUM)).as("%s is missing: this test needs Debian's chromium and "
                + "chromium-driver packages (apt-get install -y chromium chromium-driver)", CHROMIUM).isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("%s is missing: install chromium-driver "
                + "(apt-get install -y chromium-driver)", CHROMEDRIVER).isTrue();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1500,1100", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static void seed(CollectorFixture c, MutableClock clock) throws Exception {
        Instant now = clock.instant();
        assertThat(c.post(Reports.broker("kafka-dev1", 1).cluster("c-dev", "dev").swappiness("60")
                .at(now.minus(2, ChronoUnit.HOURS)).build()).statusCode()).isEqualTo(202);
        clock.advance(Duration.ofHours(2));
        now = clock.instant();
        for (int i = 1; i <= 6; i++) {
            for (int k = 5; k >= 0; k--) {
                Reports r = Reports.broker(String.format("kafka-b%02d", i), i)
                        .throughput((10 + i + k) * 1e6, (20 + 2 * i + k) * 1e6).at(now.minus(10L * k, ChronoUnit.MINUTES));
                if (i == 4) {
                    r.relatime();
                }
                if (i == 6) {
                    r.nicMbps(10_000);
                }
                assertThat(c.post(r.build()).statusCode()).isEqualTo(202);
            }
        }
    }

    @Test
    void signInFleetClusterAndHostPagesRenderWithData(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now().minus(2, ChronoUnit.HOURS));
        try (CollectorFixture c = new CollectorFixture(dir, clock, "")) {
            seed(c, clock);
            Files.createDirectories(SHOTS);
            WebDriver driver = chromium(Files.createDirectories(dir.resolve("profile")));
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get(c.url() + "/");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
                driver.findElement(By.id("token")).sendKeys("not-the-right-token-at-all");
                driver.findElement(By.id("sign-in-button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-error"),
                        "not accepted"));
                driver.findElement(By.id("token")).sendKeys(CollectorFixture.OTHER_TOKEN);
                driver.findElement(By.id("sign-in-button")).click();

                WebElement clusters = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("clusters")));
                assertThat(clusters.findElements(By.cssSelector("tbody tr"))).hasSize(2);
                assertThat(clusters.getText()).contains("prod", "c-prod", "dev");
                assertThat(driver.findElement(By.id("stale")).getText()).contains("kafka-dev1");
                assertThat(driver.findElement(By.id("severity-counts")).getText()).contains("warning");
                shot(driver, "fleet.png");

                driver.findElement(By.cssSelector("tr[data-cluster='c-prod'] a.cluster-link")).click();
                WebElement hosts = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("hosts")));
                assertThat(hosts.findElements(By.cssSelector("tbody tr"))).hasSize(6);
                assertThat(hosts.findElements(By.cssSelector("td.outlier")))
                        .extracting(e -> e.findElement(By.xpath("./..")).getAttribute("data-host") + ":"
                                + e.getAttribute("data-attr") + "=" + e.getText())
                        .containsExactlyInAnyOrder("kafka-b04:dataDirAtime=relatime", "kafka-b06:nicSpeed=10 Gb/s");
                assertThat(driver.findElement(By.id("outliers")).getText())
                        .contains("kafka-b04 is the only broker with data-dir atime mode relatime (the other 5 have "
                                + "noatime)", "kafka-b06 is the only broker with NIC speed 10 Gb/s");
                assertThat(driver.findElement(By.id("milestone")).getText()).isEqualTo("Medium scale");
                JavascriptExecutor js = (JavascriptExecutor) driver;
                Object points = js.executeScript("const c = Chart.getChart('throughput');"
                        + "return c ? c.data.datasets[0].data.length : -1;");
                int expected = c.getJson("/v1/clusters/c-prod?hours=24").getJsonArray("throughput").size();
                assertThat(expected).as("six reports per host, 10 min apart, in 12-minute buckets").isBetween(5, 6);
                assertThat(((Number) points).intValue()).as("throughput points drawn by Chart.js")
                        .isEqualTo(expected);
                assertThat((String) js.executeScript("return document.querySelector('script[src*=chart]').src"))
                        .startsWith(c.url() + "/webjars/chart.js/");
                Object drawn = js.executeScript("const c = document.getElementById('throughput');"
                        + "return c.width > 0 && c.height > 0;");
                assertThat(drawn).isEqualTo(true);
                shot(driver, "cluster.png");

                driver.findElement(By.cssSelector("tr[data-host='kafka-b04'] a.host-link")).click();
                WebElement findings = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("findings")));
                assertThat(findings.getText()).contains("host.fs.noatime", "relatime", "noatime");
                assertThat(findings.findElement(By.cssSelector("pre.apply")).getText())
                        .contains("mount -o remount,noatime /data");
                assertThat(driver.findElement(By.id("facts")).getText()).contains("kafka-b04", "4.3.1");
                assertThat(driver.findElement(By.id("history")).findElements(By.cssSelector("tbody tr")))
                        .hasSize(6);
                shot(driver, "host.png");
            } finally {
                driver.quit();
            }
        }
    }

    private static void shot(WebDriver driver, String name) throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        assertThat(png.length).isGreaterThan(1000);
        Files.write(SHOTS.resolve(name), png);
    }
}
