package org.vcd.deploy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vcd.testdata.HeadlessChromium;

/**
 * The moderator page in a real browser (Debian's headless Chromium): sign in with a key, open a finished check,
 * see its heat map and frame pairs actually decoded, record a verdict by clicking, and keep a screenshot.
 */
@QuarkusTest
@QuarkusTestResource(ServiceTestData.class)
class ModeratorPageTest {

    /** The best match's card: other tests of the same application may add references the copy also matches. */
    private static final String FIRST_MATCH = "section[data-match='0']";

    static final Path SCREENSHOT = ServiceTestData.TARGET.resolve("artefacts/moderator-page.png");

    @TestHTTPResource("/")
    URL page;

    @Test
    void aModeratorSeesTheEvidenceOfAFinishedCheckAndConfirmsTheCopy() throws Exception {
        ApiTest.ensureReference();
        String id = ApiTest.checkCopy().then().statusCode(200).extract().path("id");

        Path profile = Files.createTempDirectory(ServiceTestData.TARGET, "chromium-");
        ChromeDriver browser = HeadlessChromium.start(profile);
        try {
            // The page re-renders a check's cards when it changes (a verdict, a refresh), so an element found a
            // moment ago can be replaced before it is read: look it up again rather than fail.
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.ignoring(StaleElementReferenceException.class);
            browser.get(page + "#/checks/" + id);
            wait.until(b -> !b.findElements(By.id("api-key")).isEmpty());
            browser.findElement(By.id("api-key")).sendKeys(ServiceTestData.MODERATOR_KEY);
            browser.findElement(By.cssSelector("#key-form button")).click();

            wait.until(b -> loaded(b.findElements(By.id("heat-map-0"))) == 1);
            // The header names who is signed in: the configured moderator key's role and id.
            wait.until(b -> "moderator: moderator-1".equals(b.findElement(By.id("who")).getText()));
            // Every thumbnail of the best match decoded; an image that failed says why in its alt text.
            wait.withMessage(() -> "thumbnails: " + browser.findElements(By.cssSelector(FIRST_MATCH + " img.thumb"))
                    .stream().map(img -> img.getDomAttribute("alt") + " " + img.getDomProperty("naturalWidth")).toList())
                    .until(b -> {
                        List<WebElement> thumbs = b.findElements(By.cssSelector(FIRST_MATCH + " img.thumb"));
                        return thumbs.size() >= 2 * Evidence.FRAMES_PER_SEGMENT && loaded(thumbs) == thumbs.size();
                    });
            assertEquals("done", browser.findElement(By.id("check-status")).getText());
            WebElement heatMap = browser.findElement(By.id("heat-map-0"));
            assertTrue(heatMap.getSize().getWidth() > 100, "the heat map is drawn large enough to read");
            assertEquals(Evidence.FRAMES_PER_SEGMENT, browser.findElements(By.cssSelector(FIRST_MATCH + " img.query-thumb")).size());
            assertEquals(Evidence.FRAMES_PER_SEGMENT, browser.findElements(By.cssSelector(FIRST_MATCH + " img.reference-thumb")).size());
            // Which view of the query found the copy: the plain copy, in the frame as decoded.
            assertEquals("found in the query's frame as decoded",
                    browser.findElement(By.cssSelector(FIRST_MATCH + " p.where-found")).getText());

            // Play both from the segment start: the page fetches both videos with the key and hands them to the
            // players. (The fixture is MPEG-4 Part 2, which Chromium cannot decode, so seeking is not observable
            // here; the page says so under the player instead of failing silently.)
            browser.findElement(By.cssSelector("button.play")).click();
            wait.until(b -> text(b, "return document.querySelector('video.query-video').src").startsWith("blob:"));
            wait.until(b -> text(b, "return document.querySelector('video.reference-video').src").startsWith("blob:"));

            browser.findElement(By.cssSelector("textarea.note")).sendKeys("cropped and brightened");
            browser.findElement(By.cssSelector("button[data-decision=confirmed]")).click();
            wait.until(b -> b.findElement(By.id("verdict-0")).getText().startsWith("confirmed"));
            wait.until(b -> loaded(b.findElements(By.id("heat-map-0"))) == 1);
            HeadlessChromium.screenshot(browser, SCREENSHOT);

            browser.get(page + "#/");
            wait.until(b -> !b.findElements(By.cssSelector("tr[data-check='" + id + "'] .verdict")).isEmpty());
            assertEquals("confirmed", browser.findElement(By.cssSelector("tr[data-check='" + id + "'] .verdict")).getText());
        } finally {
            browser.quit();
        }
        ApiTest.moderator().get("/api/v1/checks/" + id).then().statusCode(200)
                .body("verdicts[0].decision", org.hamcrest.Matchers.equalTo("confirmed"))
                .body("verdicts[0].note", org.hamcrest.Matchers.equalTo("cropped and brightened"));
        assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot saved");
    }

    @Test
    void aLongQueryNameIsCutSoTheOtherColumnsStayOnScreen() throws Exception {
        String name = "x".repeat(InputLimits.NAME);
        String id = ApiTest.moderator().multiPart("file", ServiceTestData.fixture().unrelated().toFile(), "video/mp4")
                .multiPart("name", name).post("/api/v1/checks").then().statusCode(202).extract().path("id");
        Path profile = Files.createTempDirectory(ServiceTestData.TARGET, "chromium-");
        ChromeDriver browser = HeadlessChromium.start(profile);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.ignoring(StaleElementReferenceException.class);
            browser.get(page + "#/");
            wait.until(b -> !b.findElements(By.id("api-key")).isEmpty());
            browser.findElement(By.id("api-key")).sendKeys(ServiceTestData.MODERATOR_KEY);
            browser.findElement(By.cssSelector("#key-form button")).click();
            String row = "tr[data-check='" + id + "']";
            wait.until(b -> !b.findElements(By.cssSelector(row)).isEmpty());
            long viewport = ((Number) ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.clientWidth")).longValue();
            List<WebElement> cells = browser.findElements(By.cssSelector(row + " td"));
            assertEquals(5, cells.size());
            for (WebElement cell : cells) {
                int right = cell.getRect().getX() + cell.getRect().getWidth();
                assertTrue(right <= viewport, "a column ends at " + right + " px, beyond the " + viewport + " px page");
            }
            assertEquals(name, cells.get(0).getDomAttribute("title"), "the full name on hover");
            HeadlessChromium.screenshot(browser, ServiceTestData.TARGET.resolve("artefacts/moderator-page-long-name.png"));
        } finally {
            browser.quit();
        }
    }

    /** How many of the images have been decoded (naturalWidth > 0), i.e. really loaded, not just placed. */
    private static long loaded(List<WebElement> images) {
        return images.stream().filter(img -> {
            String width = img.getDomProperty("naturalWidth");
            return width != null && Integer.parseInt(width) > 0;
        }).count();
    }

    private static String text(org.openqa.selenium.WebDriver browser, String script) {
        Object value = ((JavascriptExecutor) browser).executeScript(script);
        return value == null ? "" : value.toString();
    }
}
