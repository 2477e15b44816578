package io.pdm.alerting.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pdm.alerting.inbox.board.AlertBoard;
import io.pdm.alerting.inbox.board.Retention;
import io.pdm.alerting.inbox.feed.EventLog;
import io.pdm.alerting.inbox.security.InboxUser;
import io.pdm.alerting.inbox.web.InboxWebApp;
import io.pdm.embedded.TestPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The inbox in Debian's real headless Chromium (driven by Selenium through Debian's chromedriver; Selenium Manager
 * never runs, nothing is downloaded), against the embedded broker running the lifecycle and the inbox, with charts
 * from a real PostgreSQL: log in, see an alert arrive live, open it, see its charts drawn, acknowledge it, find the
 * {@code acknowledged} event on the topic, see the plant's bad actors by name, be refused another plant's alert, and be
 * sent back to the login page when the session expires. With {@code -Dpdm.screenshots=DIR} it saves the login page,
 * the inbox, an alert's detail and the alarm-system page there (docs/images).
 */
class InboxBrowserIT {
    static final String CHROMIUM = "/usr/bin/chromium", CHROMEDRIVER = "/usr/bin/chromedriver";
    static LivePlants plants;
    static WebDriver browser;
    static Path profile;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        String jdbc = TestPostgres.newDatabase("inbox_charts");
        createStore(jdbc);
        plants = new LivePlants(Map.of(LivePlants.A, jdbc));
        profile = Files.createTempDirectory("pdm-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (plants != null) plants.close();
        if (profile != null) {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * The two tables the charts read, where the feature pipeline (default schema) and the inference service (schema
     * {@code inference}) create them.
     */
    static void createStore(String jdbc) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc);
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE features (plant text NOT NULL, asset text NOT NULL, window_start timestamptz NOT"
                            + " NULL, window_end timestamptz NOT NULL, reading_count integer NOT NULL, features jsonb NOT NULL)");
            // the inference service's migration puts its tables in its own schema (InferenceStore.SCHEMA)
            s.execute("CREATE SCHEMA inference");
            s.execute("CREATE TABLE inference.predictions (plant text NOT NULL, asset text NOT NULL, window_end"
                    + " timestamptz NOT"
                    + " NULL, rul double precision, rul_lower double precision, rul_upper double precision, rul_unit"
                    + " text, PRIMARY KEY (plant, asset, window_end))");
            Instant now = Instant.now();
            try (PreparedStatement f = c.prepareStatement(
                            "INSERT INTO features VALUES ('plant-a', 'pump-7', ?, ?, 60," + " ?::jsonb)");
                    PreparedStatement p =
                            c.prepareStatement("INSERT INTO inference.predictions VALUES ('plant-a', 'pump-7', ?,"
                                    + " ?, ?, ?, 'HOUR')")) {
                for (int h = 48; h >= 1; h--) {
                    Instant end = now.minus(Duration.ofHours(h));
                    f.setTimestamp(1, Timestamp.from(end.minus(Duration.ofHours(1))));
                    f.setTimestamp(2, Timestamp.from(end));
                    f.setString(3, "{\"vibration.rms\": " + (4.0 + (48 - h) * 0.07) + ", \"temperature_c.mean\": 60}");
                    f.addBatch();
                    double rul = 96 + h * 2;
                    p.setTimestamp(1, Timestamp.from(end));
                    p.setDouble(2, rul);
                    p.setDouble(3, rul * 0.65);
                    p.setDouble(4, rul * 1.35);
                    p.addBatch();
                }
                f.executeBatch();
                p.executeBatch();
            }
        }
    }

    WebDriverWait waiting(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    @Test
    void anEngineerSeesAnAlertArriveOpensItSeesItsChartsAndAcknowledgesIt() throws Exception {
        String base = "http://127.0.0.1:" + plants.inbox.port();
        browser.get(base + "/");
        waiting(20).until(ExpectedConditions.urlContains("/login"));
        // the inbox's own login page: its stylesheet applied, nothing loaded from anywhere else
        assertThat(browser.findElement(By.cssSelector("form.login")).getCssValue("background-color"))
                .isEqualTo("rgba(255, 255, 255, 1)");
        assertThat(resourcesFromElsewhere(base)).isEmpty();
        logIn("engineer-a", "not-the-password");
        waiting(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Wrong user name or password");
        screenshot("login.png");
        logIn("engineer-a", plants.passwords.get("engineer-a"));
        waiting(20).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));

        // two alerts are there already; a third arrives while the engineer looks at the list
        String older = plants.raise("pump-3", 450, Instant.now().minusSeconds(600));
        plants.raise("pump-9", 880, Instant.now().minusSeconds(300));
        waiting(60).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-fp='" + older + "']")));
        String fp = plants.raise("pump-7", 720, Instant.now());
        WebElement row = waiting(60)
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-fp='" + fp + "']")));
        assertThat(row.getText()).contains("pump-7").contains("HIGH 720").contains("active, unacknowledged");
        screenshot("inbox.png");

        row.findElement(By.tagName("a")).click();
        waiting(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("text"), "Bearing wear on pump-7"));
        assertThat(browser.findElement(By.id("facts")).getText())
                .contains("96 h (90 % interval 60–130)")
                .contains("grounded");
        assertThat(browser.findElement(By.id("cited")).getText()).contains("WO-1041");
        // the charts: one per feature the evidence names and the remaining life, each a drawn canvas with data
        List<WebElement> charts = waiting(30)
                .withMessage(
                        () -> "charts: " + browser.findElement(By.id("charts")).getText() + " / uPlot loaded: "
                                + ((JavascriptExecutor) browser).executeScript("return typeof uPlot"))
                .until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#charts .chart canvas"), 1));
        assertThat(charts).hasSize(2);
        for (WebElement chart : browser.findElements(By.cssSelector("#charts .chart"))) {
            assertThat(Integer.parseInt(chart.getDomAttribute("data-points"))).isEqualTo(48);
        }
        Object inked = ((JavascriptExecutor) browser)
                .executeScript("const c = document.querySelector('#charts .chart canvas');"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;");
        assertThat(((Number) inked).longValue())
                .as("pixels drawn on the first chart")
                .isGreaterThan(500);
        screenshot("alert-detail.png");

        browser.findElement(By.id("btn-acknowledge")).click();
        waiting(60).until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "ACTIVE_ACKNOWLEDGED"));
        assertThat(browser.findElement(By.id("history")).getText()).contains("engineer-a");
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged(fp) != null);
        assertThat(acknowledged(fp).path("data").path("transition").path("by").asText())
                .isEqualTo("engineer-a");

        // the plant's alarm-system page counts the activation and names its bad actor
        browser.findElement(By.linkText("alarm system plant-a")).click();
        waiting(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("bad"), "pump-7"));
        assertThat(browser.findElement(By.id("measures")).getText()).contains("activations\n3");
        // bad actors by what goes wrong (kind and failure mode in words), the fingerprint one click away
        WebElement actor = browser.findElement(By.cssSelector("#bad a[data-fp='" + fp + "']"));
        assertThat(actor.getText()).isEqualTo("remaining life low · bearing wear");
        assertThat(actor.getDomAttribute("href")).endsWith("fp=" + fp);
        assertThat(browser.findElement(By.id("bad")).getText())
                .contains("pump-7")
                .contains(fp);
        screenshot("alarm-system.png");
    }

    @Test
    void anotherPlantsAlertIsRefusedInTheBrowser() throws Exception {
        String fpB = plants.stateOfB("fan-3", Instant.now());
        String base = "http://127.0.0.1:" + plants.inbox.port();
        browser.manage().deleteAllCookies();
        browser.get(base + "/login");
        logIn("engineer-a", plants.passwords.get("engineer-a"));
        waiting(20).until(ExpectedConditions.urlToBe(base + "/"));
        browser.get(base + "/alert.html?plant=plant-b&fp=" + fpB);
        waiting(20).until(ExpectedConditions.textToBe(By.id("title"), "Not your plant"));
        assertThat(browser.findElement(By.id("message")).getText())
                .contains("engineer-a")
                .contains("plant-a only");
        assertThat(browser.findElement(By.id("actions")).isDisplayed()).isFalse();
    }

    /**
     * An inbox whose sessions expire after 3 s idle: the engineer logs in, leaves the list open (its live stream
     * running) and does nothing; the page goes to the login page by itself and says the session expired.
     */
    @Test
    void anIdleSessionExpiresAndTheBrowserReturnsToTheLoginPage() throws Exception {
        ConfigurableApplicationContext web = shortSessions(Duration.ofSeconds(3));
        try {
            String base = "http://127.0.0.1:" + InboxWebApp.port(web);
            browser.manage().deleteAllCookies();
            browser.get(base + "/login");
            logIn("engineer-a", "pw");
            waiting(20).until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));
            long idleFrom = System.nanoTime();
            waiting(30).until(ExpectedConditions.urlToBe(base + "/login?expired"));
            assertThat(Duration.ofNanos(System.nanoTime() - idleFrom)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(browser.findElement(By.id("login-expired")).getText())
                    .isEqualTo("Your session expired after 3 seconds without activity. Log in again.");
            screenshot("login-expired.png");
            logIn("engineer-a", "pw");
            waiting(20).until(ExpectedConditions.urlToBe(base + "/"));
        } finally {
            web.close();
        }
    }

    /** A web app alone (no Kafka: an empty board) with one engineer, password {@code pw}. */
    static ConfigurableApplicationContext shortSessions(Duration idle) {
        String hash = new BCryptPasswordEncoder(4).encode("pw");
        Clock clock = Clock.systemUTC();
        return InboxWebApp.start(
                new InboxSettings(
                        List.of("plant-a"),
                        "unused:9092",
                        null,
                        List.of(new InboxUser("engineer-a", hash, List.of("engineer:plant-a"))),
                        "127.0.0.1",
                        0,
                        idle,
                        Duration.ofHours(8),
                        Retention.DEFAULT,
                        null,
                        null,
                        null),
                new AlertBoard(Retention.DEFAULT, clock),
                new EventLog(Duration.ofDays(1), 100, clock),
                (plant, c) -> {},
                clock,
                new InboxSettings.Probes(() -> true, () -> true));
    }

    void logIn(String user, String password) {
        WebElement name = browser.findElement(By.id("username"));
        name.clear();
        name.sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /** Resources the page loaded from another origin (a CDN, a font service). */
    @SuppressWarnings("unchecked")
    List<String> resourcesFromElsewhere(String base) {
        List<String> urls = (List<String>) ((JavascriptExecutor) browser)
                .executeScript("return performance.getEntriesByType('resource').map(e => e.name);");
        return urls.stream().filter(u -> !u.startsWith(base)).toList();
    }

    JsonNode acknowledged(String fp) throws IOException {
        return plants.events().stream()
                .filter(e -> e.path("type").asText().equals("io.pdm.alert.acknowledged"))
                .filter(e -> e.path("data")
                        .path("alert")
                        .path("fingerprint")
                        .asText()
                        .equals(fp))
                .findFirst()
                .orElse(null);
    }

    static void screenshot(String name) throws IOException {
        String dir = System.getProperty("pdm.screenshots");
        if (dir == null || dir.isBlank()) return;
        Path out = Path.of(dir).resolve(name);
        Files.createDirectories(out.getParent());
        Files.write(out, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
