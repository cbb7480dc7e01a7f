package dev.brokertuner.collector.http;

import static dev.brokertuner.collector.Workloads.group;
import static dev.brokertuner.collector.Workloads.topic;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brokertuner.collector.CollectorFixture;
import dev.brokertuner.collector.MutableClock;
import dev.brokertuner.collector.Reports;
import dev.brokertuner.collector.Workloads;
import dev.brokertuner.report.GroupFacts;
import dev.brokertuner.report.TopicFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The cluster page in a real headless Chromium at 1400 px (the setup of {@link DashboardBrowserTest}), over six
 * brokers with long hostnames and workload facts posted through the real ingest API: the milestone sentence and
 * table as text, the chart labelled by report time, no horizontal overflow, the Topics and Groups views with their
 * numbers, a hostile topic name and group id rendered as text, and {@code /ui/} served rendered.
 */
class ClusterPageBrowserTest {
    static final String HOSTILE_TOPIC = "<img src=x onerror=window.__pwned=1>";
    static final String HOSTILE_GROUP = "<img src=x onerror=window.__pwnedGroup=1>";

    static String host(int i) {
        return String.format("kafka-broker-%02d.eu-west-1.prod.example.com", i);
    }

    static void seed(CollectorFixture c, Instant reported) throws Exception {
        for (int i = 1; i <= 6; i++) {
            Reports r = Reports.broker(host(i), i).throughput(7.5e6, 15e6).at(reported);
            if (i == 4) {
                r.relatime();
            }
            List<TopicFacts> topics = new ArrayList<>();
            List<GroupFacts> groups = new ArrayList<>();
            if (i == 1) {
                topics.add(topic("clicks", 6, 3, 30e6, 300_000, 3_000, 60e6, 1.2, 0, "producer", 100, 1, 180,
                        "none", 100));
                topics.add(topic(HOSTILE_TOPIC, 1, 1, 1e3, 10, 1, 0, null, null, "producer", 0, 0, 0));
                groups.add(group("billing", "consumer", "Stable", 1, 4, 4, List.of("orders"), 12, 0.0, 15L,
                        "steady", 0.0));
                groups.add(group(HOSTILE_GROUP, "classic", "Empty", 1, 0, 0, List.of(), 0, null, null, "unknown",
                        null));
            } else if (i == 2) {
                topics.add(topic("clicks", 6, 3, 10e6, 100_000, 1_000, 20e6, 3.5, 4, "producer", 60, 40, 9_000,
                        "none", 50, "lz4", 10));
                topics.add(topic("orders", 12, 12, 2e6, 2_000, 100, 4e6, null, null, "lz4", 40, 200, 120_000,
                        "lz4", 40));
                groups.add(group("churn", "classic", "PreparingRebalance", 2, 7, 0, List.of("clicks"), 6, 42.0,
                        120_000L, "growing", 3_500.0));
            } else {
                groups = List.of();
            }
            assertThat(c.post(Workloads.with(r.build(), topics, groups)).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void theClusterPageShowsItsNumbersTopicsAndGroupsAndFitsAt1400px(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        try (CollectorFixture c = new CollectorFixture(dir, clock, "viewers: open\n")) {
            seed(c, Instant.parse("2026-11-25T09:53:00Z"));
            Files.createDirectories(DashboardBrowserTest.SHOTS);
            WebDriver driver = DashboardBrowserTest.chromium(Files.createDirectories(dir.resolve("profile")));
            try {
                driver.manage().window().setSize(new Dimension(1400, 1000));
                JavascriptExecutor js = (JavascriptExecutor) driver;
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get(c.url() + "/ui/");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("clusters")));
                assertThat(driver.getPageSource()).doesNotContainPattern("@[A-Z]+@");
                assertThat(js.executeScript("return typeof Chart")).isEqualTo("function");

                driver.get(c.url() + "/#/cluster/c-prod");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("topics")));
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("groups")));
                assertThat(js.executeScript("return window.innerWidth")).isEqualTo(1400L);

                WebElement scale = driver.findElement(By.id("scale"));
                assertThat(scale.findElement(By.tagName("p")).getText()).isEqualTo("Bytes in 45.0 MB/s over 6 "
                        + "broker(s) (7.5 MB/s per broker), bytes out 90.0 MB/s: milestone Medium scale (10 MB/s - "
                        + "100 MB/s: 5-7 brokers, 10-20 partitions per topic).");
                assertThat(rows(driver, "milestones")).containsExactly(
                        List.of("< 10 MB/s", "3", "3-6", "Small deployment"),
                        List.of("10 MB/s - 100 MB/s", "5-7", "10-20", "Medium scale"),
                        List.of("100 MB/s - 1 GB/s", "10+", "30-50", "Large scale"),
                        List.of("> 1 GB/s", "20+", "100+", "Enterprise"));

                // one 12-minute bucket (09:48-10:00) holding the 09:53 reports: labelled 09:53
                assertThat(js.executeScript("return Chart.getChart('throughput').data.labels"))
                        .isEqualTo(List.of("09:53"));

                assertThat(js.executeScript("const d = document.documentElement;"
                        + "return d.scrollWidth - d.clientWidth")).as("page overflow in px").isEqualTo(0L);
                for (String table : List.of("hosts", "topics", "groups")) {
                    assertThat(js.executeScript("const t = document.getElementById(arguments[0]);"
                            + "const w = t.parentElement; return [w.className, w.scrollWidth - w.clientWidth,"
                            + "Math.ceil(t.getBoundingClientRect().right - document.documentElement.clientWidth)]",
                            table)).as(table + ": wrapper, overflow, right edge past the page")
                            .asList().startsWith("table-wrap").satisfies(l -> {
                                assertThat(((Number) l.get(1)).longValue()).isLessThanOrEqualTo(0);
                                assertThat(((Number) l.get(2)).longValue()).isLessThanOrEqualTo(0);
                            });
                }

                Map<String, List<String>> topics = rows(driver, "topics").stream()
                        .collect(Collectors.toMap(r -> r.get(0), r -> r));
                assertThat(topics.keySet()).containsExactlyInAnyOrder("clicks", "orders", HOSTILE_TOPIC);
                assertThat(rows(driver, "topics").get(0)).containsExactly("clicks", "2", "6 / 6", "40.0 MB/s",
                        "80.0 MB/s", "400,000", "6.67 MB/s", "×3.5 (p4 on " + host(2) + ")", "producer",
                        "none 150, lz4 10", "1 rec, 180 B");
                assertThat(topics.get("orders")).containsExactly("orders", "1", "12 / 12", "2.0 MB/s", "4.0 MB/s",
                        "2,000", "0.17 MB/s", "–", "lz4", "lz4 40", "200 rec, 117.2 KiB");
                assertThat(topics.get(HOSTILE_TOPIC).get(1)).isEqualTo("1");
                assertThat(driver.findElement(By.id("topics-summary")).getText())
                        .startsWith("3 topic(s) from 2 of 6 broker(s)");

                Map<String, List<String>> groups = rows(driver, "groups").stream()
                        .collect(Collectors.toMap(r -> r.get(0), r -> r));
                assertThat(groups.keySet()).containsExactlyInAnyOrder("billing", "churn", HOSTILE_GROUP);
                assertThat(groups.get("churn")).containsExactly("churn", "classic", "PreparingRebalance", "7", "0",
                        "42", "120,000", "growing (+3,500/min)", "clicks", "2 (" + host(2) + ")");
                assertThat(groups.get("billing")).containsExactly("billing", "consumer", "Stable", "4", "4", "0",
                        "15", "steady (0/min)", "orders", "1 (" + host(1) + ")");
                assertThat(groups.get(HOSTILE_GROUP).subList(1, 8)).containsExactly("classic", "Empty", "0", "0",
                        "–", "–", "unknown");

                // hostile names are text: no element was made of them and their handlers never ran
                assertThat(driver.findElements(By.cssSelector("#app img"))).isEmpty();
                assertThat(js.executeScript("return [window.__pwned, window.__pwnedGroup]"))
                        .isEqualTo(java.util.Arrays.asList(null, null));
                assertThat(driver.findElement(By.cssSelector("#topics tbody tr:last-child td.name")).getText())
                        .isEqualTo(HOSTILE_TOPIC);
                shot(driver, "cluster-1400.png");
                js.executeScript("document.getElementById('workload').scrollIntoView()");
                shot(driver, "cluster-workload.png");
            } finally {
                driver.quit();
            }
        }
    }

    /** The text of every cell of a table's body, row by row. */
    private static List<List<String>> rows(WebDriver driver, String id) {
        return driver.findElement(By.id(id)).findElements(By.cssSelector("tbody tr")).stream()
                .map(r -> r.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    private static void shot(WebDriver driver, String name) throws Exception {
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        assertThat(png.length).isGreaterThan(1000);
        Files.write(DashboardBrowserTest.SHOTS.resolve(name), png);
    }
}
