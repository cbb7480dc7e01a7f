package dev.brokertuner.collector.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.alerts.AlertCollector;
import dev.brokertuner.collector.alerts.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Alerts page and the fleet page's "What to fix first" in a real headless Chromium over alerts raised through
 * the real ingest API: content by rule and host, then acknowledging one alert and silencing another from the page.
 */
class AlertsBrowserTest {
    @Test
    void fixFirstGroupsOpenAlertsByRuleAndTheAlertsPageAcksAndSilences(@TempDir Path dir) throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
        try (AlertCollector c = new AlertCollector(dir, Clock.systemUTC(), "",
                AlertCollector.webhook("http://127.0.0.1:9/bt", null), Backoff.DEFAULT)) {
            for (int i = 0; i < 2; i++) {
                Instant at = t.plusSeconds(60L * i);
                assertThat(c.post(Reports.broker("kafka-a01", 1).swappiness("60").at(at).build())).isEqualTo(202);
                assertThat(c.post(Reports.broker("kafka-a02", 2).swappiness("30").at(at).build())).isEqualTo(202);
                assertThat(c.post(Reports.broker("kafka-a03", 3).relatime().at(at).build())).isEqualTo(202);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.get("/v1/alerts").getJsonArray("alerts").size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(c.get("/v1/alerts").getJsonArray("alerts")).hasSize(3);
            Files.createDirectories(DashboardBrowserTest.SHOTS);
            WebDriver driver = DashboardBrowserTest.chromium(Files.createDirectories(dir.resolve("profile")));
            try {
                // the page re-renders after each action: an element read mid-render is looked up again
                var wait = new WebDriverWait(driver, Duration.ofSeconds(30))
                        .ignoring(org.openqa.selenium.StaleElementReferenceException.class);
                driver.get(c.url() + "/");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
                driver.findElement(By.id("token")).sendKeys(CollectorFixture.OPERATOR_TOKEN);
                driver.findElement(By.id("sign-in-button")).click();

                WebElement fix = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("fix-first")));
                assertThat(driver.findElement(By.cssSelector("main > *:nth-child(2)")).getAttribute("id"))
                        .as("the first section under the heading").isEqualTo("fix-first");
                assertThat(fix.getText()).startsWith("What to fix first");
                List<WebElement> rules = fix.findElements(By.cssSelector("tbody tr"));
                assertThat(rules).extracting(r -> r.getAttribute("data-rule"))
                        .containsExactly("host.vm.swappiness", "host.fs.noatime");
                assertThat(rules.get(0).getText()).contains("warning", "2 (kafka-a01, kafka-a02)", "c-prod");
                assertThat(rules.get(1).getText()).contains("1 (kafka-a03)");
                shot(driver, "fix-first.png");

                driver.findElement(By.id("alerts-link")).click();
                WebElement open = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("open-alerts")));
                assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Alerts: 3 open");
                assertThat(open.findElements(By.cssSelector("tbody tr"))).hasSize(3);
                WebElement a01 = row(driver, "kafka-a01");
                assertThat(a01.getText()).contains("warning", "host.vm.swappiness", "vm.swappiness", "60 → 1", "open");
                assertThat(a01.findElement(By.cssSelector("td.age")).getText()).matches("\\d+m \\d+s|\\d+h \\d+m");
                a01.findElement(By.cssSelector("input.comment")).sendKeys("tuning tonight");
                a01.findElement(By.cssSelector("button.ack")).click();
                wait.until(d -> row(d, "kafka-a01").findElement(By.cssSelector("td.state")).getText()
                        .contains("acknowledged by oncall"));
                assertThat(row(driver, "kafka-a01").findElement(By.cssSelector("td.state")).getText())
                        .contains("tuning tonight");

                row(driver, "kafka-a02").findElement(By.cssSelector("button.silence")).click();
                WebElement silences = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.cssSelector("table#silences")));
                assertThat(silences.getText()).contains("any", "kafka-a02", "host.vm.swappiness",
                        "silenced from the dashboard", "oncall");
                assertThat(row(driver, "kafka-a02").findElement(By.cssSelector("td.state")).getText())
                        .isEqualTo("silenced");
                shot(driver, "alerts.png");
            } finally {
                driver.quit();
            }
        }
    }

    private static WebElement row(WebDriver d, String host) {
        return d.findElements(By.cssSelector("#open-alerts tbody tr")).stream()
                .filter(r -> r.getText().contains(host)).findFirst().orElseThrow();
    }

    private static void shot(WebDriver driver, String name) throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        assertThat(png.length).isGreaterThan(1000);
        Files.write(DashboardBrowserTest.SHOTS.resolve(name), png);
    }
}
