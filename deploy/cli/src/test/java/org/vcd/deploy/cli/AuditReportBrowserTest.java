package org.vcd.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.vcd.deploy.cli.audit.AuditOutputs;
import org.vcd.testdata.CopyFixture;
import org.vcd.testdata.HeadlessChromium;

/** The audit's report.html in a real headless Chromium: the pictures load, and a screenshot is kept. */
class AuditReportBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "artefacts", "audit-report.png");

    @TempDir
    Path work;

    @Test
    void theReportShowsTheThumbnailsAndTheHeatMap() throws Exception {
        CopyFixture fixture = AuditFixture.videos();
        Path store = AuditFixture.store(work.resolve("store"), fixture.reference());
        Path bad = Files.writeString(work.resolve("broken.mp4"), "not a video");
        Path out = work.resolve("out");
        CliRun run = CliRun.vcd("audit", "--store", store.toString(), "--out", out.toString(),
                fixture.copy().toString(), fixture.unrelated().toString(), bad.toString());
        assertEquals(0, run.exit(), run.err());

        ChromeDriver browser = HeadlessChromium.start(work.resolve("profile"));
        try {
            browser.get(out.resolve(AuditOutputs.REPORT_HTML).toUri().toString());
            List<WebElement> thumbnails = browser.findElements(By.cssSelector("img.thumbnail"));
            List<WebElement> heatMaps = browser.findElements(By.cssSelector("img.heatmap"));
            // Three frames (start, middle, end of the copied segment) of each video, side by side.
            assertEquals(6, thumbnails.size());
            assertEquals(1, heatMaps.size());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> images = (List<Map<String, Object>>) browser.executeScript(
                    "return Array.from(document.images).map(i => ({alt: i.alt, complete: i.complete,"
                            + " width: i.naturalWidth, height: i.naturalHeight}));");
            assertEquals(7, images.size());
            for (Map<String, Object> image : images) {
                assertTrue(Boolean.TRUE.equals(image.get("complete"))
                        && ((Number) image.get("width")).intValue() > 0
                        && ((Number) image.get("height")).intValue() > 0, "image did not load: " + image);
            }
            assertEquals(160, ((Number) images.get(0).get("width")).intValue(), "thumbnail width");
            String text = browser.findElement(By.tagName("body")).getText();
            assertTrue(text.contains("copies reference"), text);
            assertTrue(text.contains("Inputs that could not be checked (1)"), text);
            assertTrue(text.contains("not a readable video: " + bad), text);
            HeadlessChromium.screenshot(browser, SCREENSHOT);
        } finally {
            browser.quit();
        }
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot with content");
    }
}
